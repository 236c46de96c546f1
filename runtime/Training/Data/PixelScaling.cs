using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen.Data;

/// <summary>
/// Pixels 0..255 to floats in [0, 1], exactly <c>pixel / 255f</c> (what PyTorch's ToTensor gives), eight at a
/// time. A multiply by 1/255 alone is off by an ulp for about half the byte values; the remainder of that
/// quotient, taken with a fused multiply-add, corrects it to the rounded quotient.
/// </summary>
internal static class PixelScaling
{
    private static readonly float[] s_table = BuildTable();

    /// <summary>
    /// True when the vector path gives exactly the table's value for every byte. It needs a fused multiply-add;
    /// without one the remainder is not exact and the table does the work.
    /// </summary>
    internal static bool VectorPathIsExact { get; } = CheckVectorPath();

    /// <summary>Writes <c>bytes[i] / 255f</c> into <paramref name="destination"/>[i].</summary>
    public static void ToUnitInterval(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (destination.Length < bytes.Length)
            throw new ArgumentException($"destination has {destination.Length} elements, fewer than the {bytes.Length} pixels.", nameof(destination));
        int i = 0;
        if (VectorPathIsExact)
        {
            ref byte source = ref MemoryMarshal.GetReference(bytes);
            ref float target = ref MemoryMarshal.GetReference(destination);
            for (; i <= bytes.Length - 8; i += 8)
            {
                var eight = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, i))).AsByte();
                Scale(Avx2.ConvertToVector256Int32(eight)).StoreUnsafe(ref target, (nuint)i);
            }
        }
        for (; i < bytes.Length; i++)
            destination[i] = s_table[bytes[i]];
    }

    /// <summary>Eight byte values (widened to 32 bits) divided by 255, correctly rounded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Scale(Vector256<int> values)
    {
        var v = Vector256.ConvertToSingle(values);
        var inverse = Vector256.Create(1f / 255f);
        var q = v * inverse;
        // v - 255 q, exact with one rounding: the error of q, which one more multiply-add folds back in. The x86 FMA
        // directly (not Vector256.FusedMultiplyAdd, which .NET 8 lacks): this path runs only where Fma.IsSupported.
        var remainder = Fma.MultiplyAdd(-q, Vector256.Create(255f), v);
        return Fma.MultiplyAdd(remainder, inverse, q);
    }

    private static float[] BuildTable()
    {
        var table = new float[256];
        for (int v = 0; v < table.Length; v++) table[v] = v / 255f;
        return table;
    }

    private static bool CheckVectorPath()
    {
        if (!Avx2.IsSupported || !Fma.IsSupported) return false;
        for (int v = 0; v < 256; v += 8)
        {
            var scaled = Scale(Vector256.Create(v, v + 1, v + 2, v + 3, v + 4, v + 5, v + 6, v + 7));
            for (int lane = 0; lane < 8; lane++)
                if (BitConverter.SingleToInt32Bits(scaled[lane]) != BitConverter.SingleToInt32Bits(s_table[v + lane])) return false;
        }
        return true;
    }
}
