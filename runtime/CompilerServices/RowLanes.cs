using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen.CompilerServices;

/// <summary>
/// Helpers for kernels that process eight short rows at once, one row per vector lane. A tile holds element
/// <c>j</c> of the eight rows at <c>tile[8 * j + lane]</c>, so a pass along the rows loads one whole vector per
/// element and every reduction is a lane-wise operation: no horizontal sums, no scalar tail.
/// Public because generated code lives in user assemblies.
/// </summary>
// Support code of generated kernels: public only because generated code lives in user assemblies, and hidden
// from IntelliSense because it is not an API to call directly (its members may change with the generator).
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RowLanes
{
    /// <summary>Rows per tile: the lanes of a <see cref="Vector256{T}"/> of floats.</summary>
    public const int Count = 8;

    /// <summary>Copies eight consecutive rows of <paramref name="length"/> elements into a tile.</summary>
    public static void ToTile(ReadOnlySpan<float> rows, int length, Span<float> tile)
    {
        if (rows.Length < Count * length || tile.Length < Count * length)
            throw new ArgumentException($"A tile of {Count} rows of {length} needs {Count * length} elements.", nameof(tile));
        ref float source = ref MemoryMarshal.GetReference(rows);
        ref float target = ref MemoryMarshal.GetReference(tile);
        if (Avx.IsSupported && length >= Count)
        {
            // Eight elements of the eight rows at a time, transposed in registers. The last block starts at
            // length - 8 and may redo elements of the one before: it writes the same values again.
            for (int j = 0; j < length; j += Count)
            {
                int start = Math.Min(j, length - Count);
                Transpose(
                    Vector256.LoadUnsafe(ref source, (nuint)start), Vector256.LoadUnsafe(ref source, (nuint)(length + start)),
                    Vector256.LoadUnsafe(ref source, (nuint)(2 * length + start)), Vector256.LoadUnsafe(ref source, (nuint)(3 * length + start)),
                    Vector256.LoadUnsafe(ref source, (nuint)(4 * length + start)), Vector256.LoadUnsafe(ref source, (nuint)(5 * length + start)),
                    Vector256.LoadUnsafe(ref source, (nuint)(6 * length + start)), Vector256.LoadUnsafe(ref source, (nuint)(7 * length + start)),
                    ref Unsafe.Add(ref target, Count * start), Count);
            }
            return;
        }
        for (int lane = 0; lane < Count; lane++)
        {
            ref float row = ref Unsafe.Add(ref source, lane * length);
            for (int j = 0; j < length; j++) Unsafe.Add(ref target, Count * j + lane) = Unsafe.Add(ref row, j);
        }
    }

    /// <summary>Copies a tile back into eight consecutive rows of <paramref name="length"/> elements.</summary>
    public static void FromTile(ReadOnlySpan<float> tile, int length, Span<float> rows)
    {
        if (rows.Length < Count * length || tile.Length < Count * length)
            throw new ArgumentException($"A tile of {Count} rows of {length} needs {Count * length} elements.", nameof(rows));
        ref float source = ref MemoryMarshal.GetReference(tile);
        ref float target = ref MemoryMarshal.GetReference(rows);
        if (Avx.IsSupported && length >= Count)
        {
            // The inverse of ToTile's blocks: eight tile vectors transposed into eight row chunks.
            for (int j = 0; j < length; j += Count)
            {
                int start = Math.Min(j, length - Count);
                ref float block = ref Unsafe.Add(ref source, Count * start);
                Transpose(
                    Vector256.LoadUnsafe(ref block), Vector256.LoadUnsafe(ref block, 8), Vector256.LoadUnsafe(ref block, 16), Vector256.LoadUnsafe(ref block, 24),
                    Vector256.LoadUnsafe(ref block, 32), Vector256.LoadUnsafe(ref block, 40), Vector256.LoadUnsafe(ref block, 48), Vector256.LoadUnsafe(ref block, 56),
                    ref Unsafe.Add(ref target, start), length);
            }
            return;
        }
        for (int lane = 0; lane < Count; lane++)
        {
            ref float row = ref Unsafe.Add(ref target, lane * length);
            for (int j = 0; j < length; j++) Unsafe.Add(ref row, j) = Unsafe.Add(ref source, Count * j + lane);
        }
    }

    /// <summary>
    /// Writes the transpose of the 8 x 8 block whose rows are <paramref name="r0"/>..<paramref name="r7"/>:
    /// column k goes to <paramref name="destination"/> + k * <paramref name="stride"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, ref float destination, int stride)
    {
        // Interleave pairs of rows, then pairs of pairs, within each 128-bit half; then swap halves.
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref destination, (nuint)stride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref destination, (nuint)(2 * stride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref destination, (nuint)(3 * stride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref destination, (nuint)(4 * stride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref destination, (nuint)(5 * stride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref destination, (nuint)(6 * stride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref destination, (nuint)(7 * stride));
    }

    /// <summary>
    /// Runs <paramref name="op"/> along eight rows held in tiles: element j of the eight rows is one vector, at
    /// <c>8 * j</c> of each stream, so the operator sees the same loads as in a row's vector loop, every reduction stays
    /// lane-wise (one result per row) and there is no tail.
    /// </summary>
    /// <typeparam name="TOperator">The pass's operator: the one the row-by-row code runs.</typeparam>
    /// <typeparam name="TAccumulator">What it reduces.</typeparam>
    /// <param name="op">The operator, with each row's scalars in its lanes.</param>
    /// <param name="tiles">The tiles the operator reads and writes.</param>
    /// <param name="length">The length of each row.</param>
    /// <returns>The reductions, one lane per row (<c>Lanes</c> of the accumulator).</returns>
    // Inlined into each generated pass, as RowPass.Run is: a few elements per row leave no room for a call per pass.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TAccumulator Run<TOperator, TAccumulator>(TOperator op, RowStreams tiles, int length)
        where TOperator : struct, IRowOperator<TAccumulator>
        where TAccumulator : struct, IRowAccumulator<TAccumulator>
    {
        var accumulator = TAccumulator.Empty;
        for (int j = 0; j < length; j++) op.Invoke<VectorLanes>(tiles, (nuint)(Count * j), ref accumulator);
        return accumulator;
    }

    /// <summary>A vector the eight rows share, as a tile: element j in all eight lanes.</summary>
    public static void ToBroadcastTile(ReadOnlySpan<float> shared, int length, Span<float> tile)
    {
        if (shared.Length < length || tile.Length < Count * length)
            throw new ArgumentException($"A tile of {Count} rows of {length} needs {Count * length} elements.", nameof(tile));
        for (int j = 0; j < length; j++) Vector256.Create(shared[j]).StoreUnsafe(ref MemoryMarshal.GetReference(tile), (nuint)(Count * j));
    }

    /// <summary>Adds to element j of a vector the rows share (a shared gradient) the eight rows' terms at j, summed across the lanes.</summary>
    public static void AddLaneSums(ReadOnlySpan<float> tile, int length, Span<float> shared)
    {
        if (shared.Length < length || tile.Length < Count * length)
            throw new ArgumentException($"A tile of {Count} rows of {length} needs {Count * length} elements.", nameof(tile));
        for (int j = 0; j < length; j++) shared[j] += Vector256.Sum(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(tile), (nuint)(Count * j)));
    }

    /// <summary>Each row's label, one per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Labels(ReadOnlySpan<int> labels) => Vector256.Create(labels.Slice(0, Count));

    /// <summary>Element <c>labels[lane]</c> of each lane's row: <c>tile[8 * labels[lane] + lane]</c>.</summary>
    public static Vector256<float> Gather(ReadOnlySpan<float> tile, Vector256<int> labels)
    {
        Span<float> picked = stackalloc float[Count];
        for (int lane = 0; lane < Count; lane++) picked[lane] = tile[Count * labels.GetElement(lane) + lane];
        return Vector256.Create((ReadOnlySpan<float>)picked);
    }

    /// <summary>Adds <paramref name="value"/>'s lanes to each row's element at its label: a one-hot term, applied once per row.</summary>
    public static void AddAt(Span<float> tile, Vector256<int> labels, Vector256<float> value)
    {
        for (int lane = 0; lane < Count; lane++) tile[Count * labels.GetElement(lane) + lane] += value.GetElement(lane);
    }

    /// <summary>Element <c>labels[lane]</c> of a vector shared by the eight rows, in each lane.</summary>
    public static Vector256<float> Pick(ReadOnlySpan<float> shared, Vector256<int> labels)
    {
        Span<float> picked = stackalloc float[Count];
        for (int lane = 0; lane < Count; lane++) picked[lane] = shared[labels.GetElement(lane)];
        return Vector256.Create((ReadOnlySpan<float>)picked);
    }

    /// <summary>Adds each lane of <paramref name="value"/> to the element at that lane's label of a vector shared by the rows (a shared gradient's one-hot term).</summary>
    public static void AddAtLabels(Span<float> shared, Vector256<int> labels, Vector256<float> value)
    {
        for (int lane = 0; lane < Count; lane++) shared[labels.GetElement(lane)] += value.GetElement(lane);
    }

    /// <summary>1 in the lanes whose row's label is <paramref name="element"/>, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> OneHot(int element, Vector256<int> labels)
        => Vector256.Equals(labels, Vector256.Create(element)).AsSingle() & Vector256<float>.One;
}
