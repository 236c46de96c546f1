#if !NET9_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace KernelGen.CompilerServices;

// .NET 9 added these to Vector256; the vector math of this library is written against them. On .NET 8 they are
// supplied here as static extension members, with the same results: FusedMultiplyAdd rounds once whatever the CPU
// (hardware FMA, else the correctly rounded MathF.FusedMultiplyAdd per lane), so the vector lanes stay
// bit-identical to the scalar twins, which call MathF.FusedMultiplyAdd.
internal static class Net8VectorApi
{
    extension(Vector256)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c)
        {
            if (Fma.IsSupported) return Fma.MultiplyAdd(a, b, c);
            if (AdvSimd.IsSupported)
                return Vector256.Create(
                    AdvSimd.FusedMultiplyAdd(c.GetLower(), a.GetLower(), b.GetLower()),
                    AdvSimd.FusedMultiplyAdd(c.GetUpper(), a.GetUpper(), b.GetUpper()));
            return PerLane(a, b, c);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MultiplyAddEstimate(Vector256<float> a, Vector256<float> b, Vector256<float> c)
            => Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> IsNaN(Vector256<float> v) => ~Vector256.Equals(v, v);
    }

    private static Vector256<float> PerLane(Vector256<float> a, Vector256<float> b, Vector256<float> c)
    {
        Span<float> lanes = stackalloc float[Vector256<float>.Count];
        for (int i = 0; i < lanes.Length; i++) lanes[i] = MathF.FusedMultiplyAdd(a.GetElement(i), b.GetElement(i), c.GetElement(i));
        return Vector256.Create<float>(lanes);
    }
}
#endif
