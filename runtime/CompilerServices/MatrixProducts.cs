using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen.CompilerServices;

/// <summary>
/// The two matrix products a batch of a kernel with a matrix parameter needs: <c>w * x</c> for every row
/// (<see cref="MultiplyTransposed"/>) and the gradient <c>dw += Σ g xᵀ</c> over the rows
/// (<see cref="AddTransposedProduct"/>). Generated batch entry points call them; public because generated code
/// lives in user assemblies.
/// </summary>
/// <remarks>
/// Row by row, <c>w * x</c> loads every chunk of <c>w</c> once per row, and <c>dw += g xᵀ</c> loads and stores
/// every chunk of <c>dw</c> once per row. Here a register tile of several rows and several rows of <c>w</c> (or
/// of <c>dw</c>) shares those loads, so the multiply-adds, not the loads and stores, set the speed. Where the CPU
/// has 32 vector registers (AVX-512, even for 256-bit vectors) the tiles are twice as large: 4 rows x 5 rows of
/// w, and 5 rows of dw x 32 columns. The sums run
/// in the same order as a row-by-row loop would use them: eight lanes, each over every eighth column (or over the
/// rows), then the lanes added.
/// </remarks>
// Support code of generated kernels: public only because generated code lives in user assemblies, and hidden
// from IntelliSense because it is not an API to call directly (its members may change with the generator).
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MatrixProducts
{
    /// <summary>Rows of <c>w</c> (or of <c>dw</c>) in one register tile.</summary>
    private const int TileRows = 5;

    /// <summary>
    /// <c>product = a bᵀ</c>: <paramref name="product"/>[r, c] is the dot product of row r of <paramref name="a"/>
    /// and row c of <paramref name="b"/>. For a batch, a is the rows of x and b the matrix w, so row r of the
    /// product is <c>w * x</c> of row r.
    /// </summary>
    /// <param name="a">The rows of x: <paramref name="rows"/> x <paramref name="columns"/>, row-major.</param>
    /// <param name="b">The matrix w: <paramref name="bRows"/> x <paramref name="columns"/>, row-major.</param>
    /// <param name="product">Receives <paramref name="rows"/> x <paramref name="bRows"/>, row-major.</param>
    /// <param name="rows">Rows of <paramref name="a"/>.</param>
    /// <param name="columns">Columns of both <paramref name="a"/> and <paramref name="b"/>.</param>
    /// <param name="bRows">Rows of <paramref name="b"/>.</param>
    public static void MultiplyTransposed(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> product, int rows, int columns, int bRows)
    {
        CheckShape(a, nameof(a), rows, columns);
        CheckShape(b, nameof(b), bRows, columns);
        CheckShape(product, nameof(product), rows, bRows);
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float productRef = ref MemoryMarshal.GetReference(product);
        Span<float> first = stackalloc float[TileRows];
        Span<float> second = stackalloc float[TileRows];

        int r = 0;
        if (Avx512F.VL.IsSupported)
        {
            // 32 vector registers: four rows of a at a time (20 sums), so each chunk of b serves four rows.
            Span<float> third = stackalloc float[TileRows];
            Span<float> fourth = stackalloc float[TileRows];
            for (; r <= rows - 4; r += 4)
            {
                ref float a0 = ref Unsafe.Add(ref aRef, (nint)r * columns);
                for (int c = 0; c < bRows; c += TileRows)
                {
                    int count = Math.Min(TileRows, bRows - c);
                    ref float b0 = ref TileRow(ref bRef, c, 0, count, columns), b1 = ref TileRow(ref bRef, c, 1, count, columns);
                    ref float b2 = ref TileRow(ref bRef, c, 2, count, columns), b3 = ref TileRow(ref bRef, c, 3, count, columns);
                    ref float b4 = ref TileRow(ref bRef, c, 4, count, columns);
                    DotTile4(ref a0, columns, ref b0, ref b1, ref b2, ref b3, ref b4, first, second, third, fourth);
                    first.Slice(0, count).CopyTo(product.Slice(r * bRows + c, count));
                    second.Slice(0, count).CopyTo(product.Slice((r + 1) * bRows + c, count));
                    third.Slice(0, count).CopyTo(product.Slice((r + 2) * bRows + c, count));
                    fourth.Slice(0, count).CopyTo(product.Slice((r + 3) * bRows + c, count));
                }
            }
        }
        // Two rows of a at a time: each chunk of b is loaded once for both. An odd last row is paired with itself.
        for (; r < rows; r += 2)
        {
            int r1 = Math.Min(r + 1, rows - 1);
            ref float a0 = ref Unsafe.Add(ref aRef, (nint)r * columns);
            ref float a1 = ref Unsafe.Add(ref aRef, (nint)r1 * columns);
            for (int c = 0; c < bRows; c += TileRows)
            {
                int count = Math.Min(TileRows, bRows - c);
                ref float b0 = ref TileRow(ref bRef, c, 0, count, columns), b1 = ref TileRow(ref bRef, c, 1, count, columns);
                ref float b2 = ref TileRow(ref bRef, c, 2, count, columns), b3 = ref TileRow(ref bRef, c, 3, count, columns);
                ref float b4 = ref TileRow(ref bRef, c, 4, count, columns);
                DotTile(ref a0, ref a1, ref b0, ref b1, ref b2, ref b3, ref b4, columns, first, second);
                first.Slice(0, count).CopyTo(product.Slice(r * bRows + c, count));
                if (r1 != r) second.Slice(0, count).CopyTo(product.Slice(r1 * bRows + c, count));
            }
        }
    }

    /// <summary>
    /// <c>dw += gᵀ x</c>: adds to row c of <paramref name="dw"/> the sum over rows r of <paramref name="g"/>[r, c]
    /// times row r of <paramref name="x"/>. For a batch, row r of g is the row's gradient with respect to
    /// <c>w * x</c>, so this adds every row's outer product <c>g xᵀ</c>.
    /// </summary>
    /// <param name="g">The rows' factors: <paramref name="rows"/> x <paramref name="dwRows"/>, row-major.</param>
    /// <param name="x">The rows of x: <paramref name="rows"/> x <paramref name="columns"/>, row-major.</param>
    /// <param name="dw">Accumulates <paramref name="dwRows"/> x <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">Rows of <paramref name="g"/> and <paramref name="x"/>.</param>
    /// <param name="dwRows">Rows of <paramref name="dw"/>: columns of <paramref name="g"/>.</param>
    /// <param name="columns">Columns of <paramref name="x"/> and <paramref name="dw"/>.</param>
    public static void AddTransposedProduct(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dw, int rows, int dwRows, int columns)
    {
        CheckShape(g, nameof(g), rows, dwRows);
        CheckShape(x, nameof(x), rows, columns);
        CheckShape(dw, nameof(dw), dwRows, columns);
        ref float gRef = ref MemoryMarshal.GetReference(g);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float dwRef = ref MemoryMarshal.GetReference(dw);

        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Columns for a tile of rows of dw, held in registers over all the rows of the batch; the tiles of one
            // column block reread the same chunks of x while they are still in L1. With 32 vector registers the
            // tile is four vectors wide (20 sums), so each broadcast of g serves four multiply-adds.
            if (Avx512F.VL.IsSupported)
            {
                for (; k <= columns - 32; k += 32)
                {
                    for (int c = 0; c < dwRows; c += TileRows)
                        WideOuterTile(ref gRef, ref xRef, ref dwRef, rows, dwRows, columns, c, Math.Min(TileRows, dwRows - c), k);
                }
            }
            for (; k <= columns - 16; k += 16)
            {
                for (int c = 0; c < dwRows; c += TileRows)
                    OuterTile(ref gRef, ref xRef, ref dwRef, rows, dwRows, columns, c, Math.Min(TileRows, dwRows - c), k, vectors: 2);
            }
            for (; k <= columns - 8; k += 8)
            {
                for (int c = 0; c < dwRows; c += TileRows)
                    OuterTile(ref gRef, ref xRef, ref dwRef, rows, dwRows, columns, c, Math.Min(TileRows, dwRows - c), k, vectors: 1);
            }
        }
        // The last columns % 8 columns, or all of them when Vector256 is not accelerated.
        for (; k < columns; k++)
        {
            for (int c = 0; c < dwRows; c++)
            {
                float sum = 0f;
                for (int r = 0; r < rows; r++)
                    sum += Unsafe.Add(ref gRef, (nint)r * dwRows + c) * Unsafe.Add(ref xRef, (nint)r * columns + k);
                Unsafe.Add(ref dwRef, (nint)c * columns + k) += sum;
            }
        }
    }

    /// <summary>
    /// Row t of the tile of rows c..c+count-1 of a row-major matrix. A short last tile repeats its last row; the
    /// repeats are computed and dropped, which keeps one code path for every tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float TileRow(ref float matrix, int c, int t, int count, int columns)
        => ref Unsafe.Add(ref matrix, (nint)(c + Math.Min(t, count - 1)) * columns);

    /// <summary>Dot products of two rows of a with five rows of b; the sums go to <paramref name="first"/> and <paramref name="second"/>.</summary>
    private static void DotTile(ref float a0, ref float a1, ref float b0, ref float b1, ref float b2, ref float b3, ref float b4,
        int columns, Span<float> first, Span<float> second)
    {
        int k = 0;
        float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f, s04 = 0f;
        float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f, s14 = 0f;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> v00 = default, v01 = default, v02 = default, v03 = default, v04 = default;
            Vector256<float> v10 = default, v11 = default, v12 = default, v13 = default, v14 = default;
            for (; k <= columns - 8; k += 8)
            {
                var x0 = Vector256.LoadUnsafe(ref a0, (nuint)k);
                var x1 = Vector256.LoadUnsafe(ref a1, (nuint)k);
                var w = Vector256.LoadUnsafe(ref b0, (nuint)k);
                v00 = Vector256.MultiplyAddEstimate(x0, w, v00);
                v10 = Vector256.MultiplyAddEstimate(x1, w, v10);
                w = Vector256.LoadUnsafe(ref b1, (nuint)k);
                v01 = Vector256.MultiplyAddEstimate(x0, w, v01);
                v11 = Vector256.MultiplyAddEstimate(x1, w, v11);
                w = Vector256.LoadUnsafe(ref b2, (nuint)k);
                v02 = Vector256.MultiplyAddEstimate(x0, w, v02);
                v12 = Vector256.MultiplyAddEstimate(x1, w, v12);
                w = Vector256.LoadUnsafe(ref b3, (nuint)k);
                v03 = Vector256.MultiplyAddEstimate(x0, w, v03);
                v13 = Vector256.MultiplyAddEstimate(x1, w, v13);
                w = Vector256.LoadUnsafe(ref b4, (nuint)k);
                v04 = Vector256.MultiplyAddEstimate(x0, w, v04);
                v14 = Vector256.MultiplyAddEstimate(x1, w, v14);
            }
            s00 = Vector256.Sum(v00); s01 = Vector256.Sum(v01); s02 = Vector256.Sum(v02); s03 = Vector256.Sum(v03); s04 = Vector256.Sum(v04);
            s10 = Vector256.Sum(v10); s11 = Vector256.Sum(v11); s12 = Vector256.Sum(v12); s13 = Vector256.Sum(v13); s14 = Vector256.Sum(v14);
        }
        // The last columns % 8 columns, or all of them when Vector256 is not accelerated.
        for (; k < columns; k++)
        {
            float x0 = Unsafe.Add(ref a0, k), x1 = Unsafe.Add(ref a1, k);
            s00 += x0 * Unsafe.Add(ref b0, k); s10 += x1 * Unsafe.Add(ref b0, k);
            s01 += x0 * Unsafe.Add(ref b1, k); s11 += x1 * Unsafe.Add(ref b1, k);
            s02 += x0 * Unsafe.Add(ref b2, k); s12 += x1 * Unsafe.Add(ref b2, k);
            s03 += x0 * Unsafe.Add(ref b3, k); s13 += x1 * Unsafe.Add(ref b3, k);
            s04 += x0 * Unsafe.Add(ref b4, k); s14 += x1 * Unsafe.Add(ref b4, k);
        }
        first[0] = s00; first[1] = s01; first[2] = s02; first[3] = s03; first[4] = s04;
        second[0] = s10; second[1] = s11; second[2] = s12; second[3] = s13; second[4] = s14;
    }

    /// <summary>Dot products of four consecutive rows of a (from <paramref name="a0"/>) with five rows of b.</summary>
    private static void DotTile4(ref float a0, int columns, ref float b0, ref float b1, ref float b2, ref float b3, ref float b4,
        Span<float> first, Span<float> second, Span<float> third, Span<float> fourth)
    {
        ref float a1 = ref Unsafe.Add(ref a0, columns);
        ref float a2 = ref Unsafe.Add(ref a1, columns);
        ref float a3 = ref Unsafe.Add(ref a2, columns);
        Vector256<float> v00 = default, v01 = default, v02 = default, v03 = default, v04 = default;
        Vector256<float> v10 = default, v11 = default, v12 = default, v13 = default, v14 = default;
        Vector256<float> v20 = default, v21 = default, v22 = default, v23 = default, v24 = default;
        Vector256<float> v30 = default, v31 = default, v32 = default, v33 = default, v34 = default;
        int k = 0;
        for (; k <= columns - 8; k += 8)
        {
            var x0 = Vector256.LoadUnsafe(ref a0, (nuint)k);
            var x1 = Vector256.LoadUnsafe(ref a1, (nuint)k);
            var x2 = Vector256.LoadUnsafe(ref a2, (nuint)k);
            var x3 = Vector256.LoadUnsafe(ref a3, (nuint)k);
            var w = Vector256.LoadUnsafe(ref b0, (nuint)k);
            v00 = Vector256.MultiplyAddEstimate(x0, w, v00); v10 = Vector256.MultiplyAddEstimate(x1, w, v10);
            v20 = Vector256.MultiplyAddEstimate(x2, w, v20); v30 = Vector256.MultiplyAddEstimate(x3, w, v30);
            w = Vector256.LoadUnsafe(ref b1, (nuint)k);
            v01 = Vector256.MultiplyAddEstimate(x0, w, v01); v11 = Vector256.MultiplyAddEstimate(x1, w, v11);
            v21 = Vector256.MultiplyAddEstimate(x2, w, v21); v31 = Vector256.MultiplyAddEstimate(x3, w, v31);
            w = Vector256.LoadUnsafe(ref b2, (nuint)k);
            v02 = Vector256.MultiplyAddEstimate(x0, w, v02); v12 = Vector256.MultiplyAddEstimate(x1, w, v12);
            v22 = Vector256.MultiplyAddEstimate(x2, w, v22); v32 = Vector256.MultiplyAddEstimate(x3, w, v32);
            w = Vector256.LoadUnsafe(ref b3, (nuint)k);
            v03 = Vector256.MultiplyAddEstimate(x0, w, v03); v13 = Vector256.MultiplyAddEstimate(x1, w, v13);
            v23 = Vector256.MultiplyAddEstimate(x2, w, v23); v33 = Vector256.MultiplyAddEstimate(x3, w, v33);
            w = Vector256.LoadUnsafe(ref b4, (nuint)k);
            v04 = Vector256.MultiplyAddEstimate(x0, w, v04); v14 = Vector256.MultiplyAddEstimate(x1, w, v14);
            v24 = Vector256.MultiplyAddEstimate(x2, w, v24); v34 = Vector256.MultiplyAddEstimate(x3, w, v34);
        }
        Span<float> s0 = first, s1 = second, s2 = third, s3 = fourth;
        s0[0] = Vector256.Sum(v00); s0[1] = Vector256.Sum(v01); s0[2] = Vector256.Sum(v02); s0[3] = Vector256.Sum(v03); s0[4] = Vector256.Sum(v04);
        s1[0] = Vector256.Sum(v10); s1[1] = Vector256.Sum(v11); s1[2] = Vector256.Sum(v12); s1[3] = Vector256.Sum(v13); s1[4] = Vector256.Sum(v14);
        s2[0] = Vector256.Sum(v20); s2[1] = Vector256.Sum(v21); s2[2] = Vector256.Sum(v22); s2[3] = Vector256.Sum(v23); s2[4] = Vector256.Sum(v24);
        s3[0] = Vector256.Sum(v30); s3[1] = Vector256.Sum(v31); s3[2] = Vector256.Sum(v32); s3[3] = Vector256.Sum(v33); s3[4] = Vector256.Sum(v34);
        // The last columns % 8 columns.
        for (; k < columns; k++)
        {
            float w0 = Unsafe.Add(ref b0, k), w1 = Unsafe.Add(ref b1, k), w2 = Unsafe.Add(ref b2, k), w3 = Unsafe.Add(ref b3, k), w4 = Unsafe.Add(ref b4, k);
            float x0 = Unsafe.Add(ref a0, k), x1 = Unsafe.Add(ref a1, k), x2 = Unsafe.Add(ref a2, k), x3 = Unsafe.Add(ref a3, k);
            s0[0] += x0 * w0; s0[1] += x0 * w1; s0[2] += x0 * w2; s0[3] += x0 * w3; s0[4] += x0 * w4;
            s1[0] += x1 * w0; s1[1] += x1 * w1; s1[2] += x1 * w2; s1[3] += x1 * w3; s1[4] += x1 * w4;
            s2[0] += x2 * w0; s2[1] += x2 * w1; s2[2] += x2 * w2; s2[3] += x2 * w3; s2[4] += x2 * w4;
            s3[0] += x3 * w0; s3[1] += x3 * w1; s3[2] += x3 * w2; s3[3] += x3 * w3; s3[4] += x3 * w4;
        }
    }

    /// <summary>
    /// Rows c..c+count-1 of dw, columns k..k+8*vectors-1: the sums over the rows of g times x, held in registers,
    /// then added to dw once. A short tile repeats its last row of g; the repeats are computed and dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OuterTile(ref float gRef, ref float xRef, ref float dwRef, int rows, int dwRows, int columns, int c, int count, int k, int vectors)
    {
        int c1 = c + Math.Min(1, count - 1), c2 = c + Math.Min(2, count - 1), c3 = c + Math.Min(3, count - 1), c4 = c + Math.Min(4, count - 1);
        Vector256<float> t00 = default, t10 = default, t20 = default, t30 = default, t40 = default;
        Vector256<float> t01 = default, t11 = default, t21 = default, t31 = default, t41 = default;
        ref float gRow = ref gRef;
        ref float xRow = ref Unsafe.Add(ref xRef, k);
        for (int r = 0; r < rows; r++)
        {
            var x0 = Vector256.LoadUnsafe(ref xRow);
            var x1 = vectors == 2 ? Vector256.LoadUnsafe(ref xRow, 8) : default;
            var f = Vector256.Create(Unsafe.Add(ref gRow, c));
            t00 = Vector256.MultiplyAddEstimate(f, x0, t00);
            if (vectors == 2) t01 = Vector256.MultiplyAddEstimate(f, x1, t01);
            f = Vector256.Create(Unsafe.Add(ref gRow, c1));
            t10 = Vector256.MultiplyAddEstimate(f, x0, t10);
            if (vectors == 2) t11 = Vector256.MultiplyAddEstimate(f, x1, t11);
            f = Vector256.Create(Unsafe.Add(ref gRow, c2));
            t20 = Vector256.MultiplyAddEstimate(f, x0, t20);
            if (vectors == 2) t21 = Vector256.MultiplyAddEstimate(f, x1, t21);
            f = Vector256.Create(Unsafe.Add(ref gRow, c3));
            t30 = Vector256.MultiplyAddEstimate(f, x0, t30);
            if (vectors == 2) t31 = Vector256.MultiplyAddEstimate(f, x1, t31);
            f = Vector256.Create(Unsafe.Add(ref gRow, c4));
            t40 = Vector256.MultiplyAddEstimate(f, x0, t40);
            if (vectors == 2) t41 = Vector256.MultiplyAddEstimate(f, x1, t41);
            gRow = ref Unsafe.Add(ref gRow, dwRows);
            xRow = ref Unsafe.Add(ref xRow, columns);
        }
        AddToRow(ref dwRef, columns, c, k, t00, t01, vectors);
        if (count > 1) AddToRow(ref dwRef, columns, c + 1, k, t10, t11, vectors);
        if (count > 2) AddToRow(ref dwRef, columns, c + 2, k, t20, t21, vectors);
        if (count > 3) AddToRow(ref dwRef, columns, c + 3, k, t30, t31, vectors);
        if (count > 4) AddToRow(ref dwRef, columns, c + 4, k, t40, t41, vectors);
    }

    /// <summary><see cref="OuterTile"/> four vectors wide: rows c..c+count-1 of dw, columns k..k+31.</summary>
    private static void WideOuterTile(ref float gRef, ref float xRef, ref float dwRef, int rows, int dwRows, int columns, int c, int count, int k)
    {
        int c1 = c + Math.Min(1, count - 1), c2 = c + Math.Min(2, count - 1), c3 = c + Math.Min(3, count - 1), c4 = c + Math.Min(4, count - 1);
        Vector256<float> t00 = default, t01 = default, t02 = default, t03 = default;
        Vector256<float> t10 = default, t11 = default, t12 = default, t13 = default;
        Vector256<float> t20 = default, t21 = default, t22 = default, t23 = default;
        Vector256<float> t30 = default, t31 = default, t32 = default, t33 = default;
        Vector256<float> t40 = default, t41 = default, t42 = default, t43 = default;
        ref float gRow = ref gRef;
        ref float xRow = ref Unsafe.Add(ref xRef, k);
        for (int r = 0; r < rows; r++)
        {
            var x0 = Vector256.LoadUnsafe(ref xRow);
            var x1 = Vector256.LoadUnsafe(ref xRow, 8);
            var x2 = Vector256.LoadUnsafe(ref xRow, 16);
            var x3 = Vector256.LoadUnsafe(ref xRow, 24);
            var f = Vector256.Create(Unsafe.Add(ref gRow, c));
            t00 = Vector256.MultiplyAddEstimate(f, x0, t00); t01 = Vector256.MultiplyAddEstimate(f, x1, t01);
            t02 = Vector256.MultiplyAddEstimate(f, x2, t02); t03 = Vector256.MultiplyAddEstimate(f, x3, t03);
            f = Vector256.Create(Unsafe.Add(ref gRow, c1));
            t10 = Vector256.MultiplyAddEstimate(f, x0, t10); t11 = Vector256.MultiplyAddEstimate(f, x1, t11);
            t12 = Vector256.MultiplyAddEstimate(f, x2, t12); t13 = Vector256.MultiplyAddEstimate(f, x3, t13);
            f = Vector256.Create(Unsafe.Add(ref gRow, c2));
            t20 = Vector256.MultiplyAddEstimate(f, x0, t20); t21 = Vector256.MultiplyAddEstimate(f, x1, t21);
            t22 = Vector256.MultiplyAddEstimate(f, x2, t22); t23 = Vector256.MultiplyAddEstimate(f, x3, t23);
            f = Vector256.Create(Unsafe.Add(ref gRow, c3));
            t30 = Vector256.MultiplyAddEstimate(f, x0, t30); t31 = Vector256.MultiplyAddEstimate(f, x1, t31);
            t32 = Vector256.MultiplyAddEstimate(f, x2, t32); t33 = Vector256.MultiplyAddEstimate(f, x3, t33);
            f = Vector256.Create(Unsafe.Add(ref gRow, c4));
            t40 = Vector256.MultiplyAddEstimate(f, x0, t40); t41 = Vector256.MultiplyAddEstimate(f, x1, t41);
            t42 = Vector256.MultiplyAddEstimate(f, x2, t42); t43 = Vector256.MultiplyAddEstimate(f, x3, t43);
            gRow = ref Unsafe.Add(ref gRow, dwRows);
            xRow = ref Unsafe.Add(ref xRow, columns);
        }
        AddToRow(ref dwRef, columns, c, k, t00, t01, 2); AddToRow(ref dwRef, columns, c, k + 16, t02, t03, 2);
        if (count > 1) { AddToRow(ref dwRef, columns, c + 1, k, t10, t11, 2); AddToRow(ref dwRef, columns, c + 1, k + 16, t12, t13, 2); }
        if (count > 2) { AddToRow(ref dwRef, columns, c + 2, k, t20, t21, 2); AddToRow(ref dwRef, columns, c + 2, k + 16, t22, t23, 2); }
        if (count > 3) { AddToRow(ref dwRef, columns, c + 3, k, t30, t31, 2); AddToRow(ref dwRef, columns, c + 3, k + 16, t32, t33, 2); }
        if (count > 4) { AddToRow(ref dwRef, columns, c + 4, k, t40, t41, 2); AddToRow(ref dwRef, columns, c + 4, k + 16, t42, t43, 2); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddToRow(ref float dwRef, int columns, int row, int k, Vector256<float> first, Vector256<float> second, int vectors)
    {
        ref float at = ref Unsafe.Add(ref dwRef, (nint)row * columns + k);
        (Vector256.LoadUnsafe(ref at) + first).StoreUnsafe(ref at);
        if (vectors == 2) (Vector256.LoadUnsafe(ref at, 8) + second).StoreUnsafe(ref at, 8);
    }

    private static void CheckShape(ReadOnlySpan<float> span, string name, int rows, int columns)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "A matrix product needs at least one row.");
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "A matrix product needs at least one column.");
        if (span.Length != (long)rows * columns)
            throw new ArgumentException($"{name} has {span.Length} elements, but a {rows} x {columns} matrix needs {(long)rows * columns}.", name);
    }
}
