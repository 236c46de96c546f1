using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

// The three vector operations whose .NET 8 form differs from what kernels rely on. From .NET 9 on each is the BCL
// call itself; on .NET 8, Vector256.Max/Min follow the x86 maxps/minps rule (a NaN operand can be dropped, and
// max(-0, +0) depends on the order), and MultiplyAddEstimate does not exist. Generated code targeting .NET 8 calls
// these, so a kernel propagates NaN and orders signed zeros the same on every supported runtime.
public static partial class KernelMath
{
    /// <summary>
    /// Lane-wise IEEE 754:2019 maximum: NaN if either lane is NaN, and +0 is above -0 (the semantics of
    /// <c>Vector256.Max</c> from .NET 9 on, and of <c>MathF.Max</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> a, Vector256<float> b)
#if NET9_0_OR_GREATER
        => Vector256.Max(a, b);
#else
        => Vector256.ConditionalSelect(Vector256.IsNaN(a) | Vector256.LessThan(b, a) | (Vector256.Equals(a, b) & IsNegative(b)), a, b);
#endif

    /// <summary>
    /// Lane-wise IEEE 754:2019 minimum: NaN if either lane is NaN, and -0 is below +0 (the semantics of
    /// <c>Vector256.Min</c> from .NET 9 on, and of <c>MathF.Min</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Min(Vector256<float> a, Vector256<float> b)
#if NET9_0_OR_GREATER
        => Vector256.Min(a, b);
#else
        => Vector256.ConditionalSelect(Vector256.IsNaN(a) | Vector256.LessThan(a, b) | (Vector256.Equals(a, b) & IsNegative(a)), a, b);
#endif

    /// <summary>
    /// <c>a * b + c</c>, fused into one rounding where the CPU has a fused multiply-add and as a multiply and an add
    /// where it does not (the semantics of <c>Vector256.MultiplyAddEstimate</c> from .NET 9 on).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAddEstimate(Vector256<float> a, Vector256<float> b, Vector256<float> c)
        => Vector256.MultiplyAddEstimate(a, b, c);

    /// <summary><see cref="Max(Vector256{float}, Vector256{float})"/> on 128-bit halves, for the horizontal reductions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Max(Vector128<float> a, Vector128<float> b)
#if NET9_0_OR_GREATER
        => Vector128.Max(a, b);
#else
        => Vector128.ConditionalSelect(
            ~Vector128.Equals(a, a) | Vector128.LessThan(b, a) | (Vector128.Equals(a, b) & Vector128.LessThan(b.AsInt32(), Vector128<int>.Zero).AsSingle()), a, b);
#endif

    /// <summary><see cref="Min(Vector256{float}, Vector256{float})"/> on 128-bit halves, for the horizontal reductions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Min(Vector128<float> a, Vector128<float> b)
#if NET9_0_OR_GREATER
        => Vector128.Min(a, b);
#else
        => Vector128.ConditionalSelect(
            ~Vector128.Equals(a, a) | Vector128.LessThan(a, b) | (Vector128.Equals(a, b) & Vector128.LessThan(a.AsInt32(), Vector128<int>.Zero).AsSingle()), a, b);
#endif

#if !NET9_0_OR_GREATER
    // Vector256.IsNaN is supplied for .NET 8 by Net8VectorApi.
    private static Vector256<float> IsNegative(Vector256<float> v) => Vector256.LessThan(v.AsInt32(), Vector256<int>.Zero).AsSingle();
#endif
}
