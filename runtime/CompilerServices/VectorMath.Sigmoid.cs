using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

public static partial class VectorMath
{
    // ---- sigmoid ----

    // 2^-23: from here down, 1 + 2^k is not a float.
    private const float SigmoidExactOneLimit = 1.1920929e-7f;

    /// <summary>The logistic function 1 / (1 + e^-x) of each lane of <paramref name="x"/>, stable for every
    /// input.</summary>
    /// <remarks>
    /// <para>
    /// With e = e^-|x|, which never overflows: 1 / (1 + e) for x &gt;= 0 and e / (1 + e) for x &lt; 0, so a
    /// very negative x gives the tiny e^x rather than 1 - 1. e and 1 + e are both formed from the pieces of
    /// <see cref="Exp(Vector256{float})"/> as unrounded pairs (value and rounding error), and the quotient is
    /// refined by one Newton step from those pairs, so that only the last step rounds at the size of the
    /// result.
    /// </para>
    /// <para>
    /// Error bound against the correctly rounded result (the same formulas in double, rounded to float),
    /// measured exhaustively over all 2^32 float inputs, vector and scalar alike: at most 1 ulp wherever the
    /// result is a normal float (0.27% of the results for x in [-105, 18], where sigmoid is neither 0 nor 1, are
    /// not correctly rounded), and at most 1 denormal ulp
    /// (an absolute error of at most 2^-149) where it is denormal, for x below about -87.34; there the result
    /// is <see cref="Exp(Vector256{float})"/>'s, e^x / (1 + e^x) and e^x being the same float.
    /// </para>
    /// <para>
    /// Domain: never NaN for a non-NaN input; <c>Sigmoid(±0) = 0.5</c>, <c>Sigmoid(+inf) = 1</c>,
    /// <c>Sigmoid(-inf) = +0</c>; 1 from about 17.33 up and +0 from about -103.97 down, where the correctly
    /// rounded result is (give or take the last float before each); a NaN input comes back as the same NaN.
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

        Vector256<float> j = ExpRound(n);
        Vector256<float> scale = ExpScale(j);
        Vector256<float> t = ExpMinusOne(n, j);
        Vector256<float> e = Vector256.FusedMultiplyAdd(t, scale, scale);
        // What the rounding of e lost (scale - e is exact, the two being within a factor of two).
        Vector256<float> eLo = Vector256.FusedMultiplyAdd(t, scale, scale - e);

        // 1 + e = d + dLo. scale + 1 is exact for k >= -23; below that it rounds to 1, and the scale it
        // dropped goes into dLo.
        Vector256<float> one = scale + Vector256<float>.One;
        Vector256<float> d = Vector256.FusedMultiplyAdd(t, scale, one);
        Vector256<float> dropped = Vector256.LessThan(scale, Vector256.Create(SigmoidExactOneLimit)) & scale;
        Vector256<float> dLo = Vector256.FusedMultiplyAdd(t, scale, (one - d) + dropped);

        // 1 / (d + dLo) = q0 (1 + rho) to first order, with q0 = 1 / d and rho = 1 - q0 (d + dLo); the first
        // fused multiply-add of rho is exact. The numerator is 1 for x >= 0 and e + eLo for x < 0, and the
        // product is assembled so that only its last step rounds at the size of the result: without this
        // the roundings of e, of 1 + e and of the quotient add up to 2 ulp.
        Vector256<float> q0 = Vector256<float>.One / d;
        Vector256<float> rho = Vector256.FusedMultiplyAdd(-q0, dLo, Vector256.FusedMultiplyAdd(-q0, d, Vector256<float>.One));
        Vector256<float> negative = Vector256.LessThan(x, Vector256<float>.Zero);
        Vector256<float> numerator = Vector256.ConditionalSelect(negative, e, Vector256<float>.One);
        Vector256<float> numeratorLo = negative & eLo;
        Vector256<float> tail = q0 * Vector256.FusedMultiplyAdd(numerator, rho, numeratorLo);
        return Vector256.FusedMultiplyAdd(numerator, q0, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SigmoidCore(float x)
    {
        float n = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) | int.MinValue);
        n = n < -ExpFastLimit ? -ExpFastLimit : n;

        float j = ExpRound(n);
        float scale = ExpScale(j);
        float t = ExpMinusOne(n, j);
        float e = MathF.FusedMultiplyAdd(t, scale, scale);
        float eLo = MathF.FusedMultiplyAdd(t, scale, scale - e);

        float one = scale + 1f;
        float d = MathF.FusedMultiplyAdd(t, scale, one);
        float dropped = scale < SigmoidExactOneLimit ? scale : 0f;
        float dLo = MathF.FusedMultiplyAdd(t, scale, (one - d) + dropped);

        float q0 = 1f / d;
        float rho = MathF.FusedMultiplyAdd(-q0, dLo, MathF.FusedMultiplyAdd(-q0, d, 1f));
        bool negative = x < 0f;
        float numerator = negative ? e : 1f;
        float numeratorLo = negative ? eLo : 0f;
        float tail = q0 * MathF.FusedMultiplyAdd(numerator, rho, numeratorLo);
        return MathF.FusedMultiplyAdd(numerator, q0, tail);
    }
}
