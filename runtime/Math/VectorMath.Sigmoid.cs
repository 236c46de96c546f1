using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen;

public static partial class VectorMath
{
    // ---- sigmoid ----

    /// <summary>The logistic function 1 / (1 + e^-x) of each lane of <paramref name="x"/>, stable for every
    /// input.</summary>
    /// <remarks>
    /// <para>
    /// With e = e^-|x|, which never overflows: 1 / (1 + e) for x &gt;= 0 and e / (1 + e) for x &lt; 0, so a
    /// very negative x gives the tiny e^x rather than 1 - 1. e and 1 + e are both formed from the pieces of
    /// <see cref="Exp(Vector256{float})"/> with one rounding each, so the result has three roundings in all.
    /// </para>
    /// <para>
    /// Error bound against the correctly rounded result (the same formulas in double, rounded to float),
    /// measured exhaustively over all 2^32 float inputs, vector and scalar alike: at most 1 ulp wherever the
    /// result is a normal float (about 1.5% of results are not correctly rounded), and at most 1 denormal ulp
    /// (an absolute error of at most 2^-149) where it is denormal, for x below about -87.34; there the result
    /// is <see cref="Exp(Vector256{float})"/>'s, e^x / (1 + e^x) and e^x being the same float.
    /// </para>
    /// <para>
    /// Domain: never NaN for a non-NaN input; <c>Sigmoid(±0) = 0.5</c>, <c>Sigmoid(+inf) = 1</c>,
    /// <c>Sigmoid(-inf) = +0</c>; 1 from about 16.64 up and +0 from about -103.97 down, where the correctly
    /// rounded result is; a NaN input comes back as the same NaN.
    /// </para>
    /// </remarks>
    /// <param name="x">The arguments.</param>
    /// <returns>1 / (1 + e^-x) in each lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        Vector256<float> result = SigmoidCore(x);

        // Below -ExpFastLimit the result is e^x itself and may be denormal; NaN fails the compare too.
        if (!Vector256.GreaterThanOrEqualAll(x, Vector256.Create(-ExpFastLimit)))
        {
            result = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256.Create(-ExpFastLimit)), result, ExpSpecial(x));
        }

        return result;
    }

    /// <summary>The logistic function 1 / (1 + e^-x); bit-identical to one lane of
    /// <see cref="Sigmoid(Vector256{float})"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>1 / (1 + e^-x).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x)
    {
        if (!(x >= -ExpFastLimit))
        {
            // e^x / (1 + e^x) and e^x differ by a factor below 1 + 2^-124 here.
            return ExpSpecial(x);
        }

        return SigmoidCore(x);
    }

    // ---- sigmoid internals ----

    /// <summary>For x &gt;= -ExpFastLimit and +inf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SigmoidCore(Vector256<float> x)
    {
        // -|x|, clamped at -ExpFastLimit for the x > 86 lanes (whose result, 1, the clamp does not change).
        Vector256<float> n = x | Vector256.Create(-0f);
        n = Vector256.ConditionalSelect(Vector256.LessThan(n, Vector256.Create(-ExpFastLimit)), Vector256.Create(-ExpFastLimit), n);

        Vector256<float> t = ExpReduce(n, out Vector256<float> scale);
        Vector256<float> e = Vector256.FusedMultiplyAdd(t, scale, scale);
        // 1 + e from the unrounded e: scale + 1 is exact for k >= -23, and below that 1 + e rounds to 1 anyway.
        Vector256<float> d = Vector256.FusedMultiplyAdd(t, scale, scale + Vector256<float>.One);
        Vector256<float> numerator = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), e, Vector256<float>.One);
        return numerator / d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SigmoidCore(float x)
    {
        float n = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) | int.MinValue);
        n = n < -ExpFastLimit ? -ExpFastLimit : n;

        float t = ExpReduce(n, out float scale);
        float e = MathF.FusedMultiplyAdd(t, scale, scale);
        float d = MathF.FusedMultiplyAdd(t, scale, scale + 1f);
        return (x < 0f ? e : 1f) / d;
    }
}
