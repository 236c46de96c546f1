using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

public static partial class VectorMath
{
    /// <summary>
    /// log(e^a + e^b) in each lane, as max(a, b) + softplus(-|a - b|): no exp is taken of anything above 0, so it
    /// neither overflows nor takes the log of 0 where the result is finite.
    /// </summary>
    /// <remarks>
    /// Error: the <see cref="Softplus(Vector256{float})"/> term (at most 1 ulp, and at most log 2) is added to the max
    /// with one more rounding; tested to be within 2 ulp of the larger of the result and max(a, b) (they differ where a
    /// max just below 0 and the softplus term nearly cancel), plus the rounding of a - b carried into the small term
    /// (a relative error of up to |a - b| 2^-24 of it). Equal
    /// arguments, infinities included, give a + log 2 (so +inf for two +inf and -inf for two -inf); a NaN gives NaN.
    /// </remarks>
    /// <param name="a">The first exponents.</param>
    /// <param name="b">The second exponents.</param>
    /// <returns>log(e^a + e^b) in each lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LogAddExp(Vector256<float> a, Vector256<float> b)
    {
        // |a - b| is NaN for two equal infinities; equal arguments are a gap of 0.
        Vector256<float> gap = Vector256.ConditionalSelect(Vector256.Equals(a, b), Vector256<float>.Zero, -Vector256.Abs(a - b));
        return KernelMath.Max(a, b) + Softplus(gap);
    }

    /// <summary>log(e^a + e^b); bit-identical to one lane of <see cref="LogAddExp(Vector256{float}, Vector256{float})"/>.</summary>
    /// <param name="a">The first exponent.</param>
    /// <param name="b">The second exponent.</param>
    /// <returns>log(e^a + e^b).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LogAddExp(float a, float b)
    {
        float gap = a == b ? 0f : -MathF.Abs(a - b);
        return MathF.Max(a, b) + Softplus(gap);
    }
}
