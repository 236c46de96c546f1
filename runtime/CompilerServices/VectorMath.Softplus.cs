using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

public static partial class VectorMath
{
    // ---- softplus ----

    /// <summary>ln(1 + e^x) of each lane of <paramref name="x"/>, stable for every input.</summary>
    /// <remarks>
    /// <para>
    /// max(x, 0) + log1p(e^-|x|): e^-|x| never overflows, and for very negative x the result is the tiny
    /// log1p(e^x) = e^x rather than log(1 + tiny) = 0. e^-|x| comes from <see cref="Exp(Vector256{float})"/>'s
    /// pieces and goes into the core of <see cref="Log1p(Vector256{float})"/> unrounded, as a value and its
    /// rounding error.
    /// </para>
    /// <para>
    /// Error bound against the correctly rounded result (the same formula in double, rounded to float),
    /// measured exhaustively over all 2^32 float inputs, vector and scalar alike: at most 1 ulp wherever the
    /// result is a normal float (3.8% of the results for x in [-105, 18] are not correctly rounded, most of them
    /// where x &gt; 0 and the sum x + log1p(e^-x) adds a second rounding), and at most 1 denormal ulp
    /// (an absolute error of at most 2^-149) where it is denormal, for x below about -87.34; there the result
    /// is <see cref="Exp(Vector256{float})"/>'s, log1p(e^x) and e^x being the same float.
    /// </para>
    /// <para>
    /// Domain: never NaN for a non-NaN input; <c>Softplus(+inf) = +inf</c>, <c>Softplus(-inf) = +0</c>,
    /// <c>Softplus(x) = x</c> exactly from about 14.56 up and +0 from about -103.97 down, where the correctly
    /// rounded result is (give or take the last float before each); a NaN input comes back as the same NaN.
    /// </para>
    /// </remarks>
    /// <param name="x">The arguments.</param>
    /// <returns>ln(1 + e^x) in each lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Softplus(Vector256<float> x)
    {
        Vector256<float> result = SoftplusCore(x);

        // Below -ExpFastLimit the result is e^x itself and may be denormal; NaN fails the compare too.
        if (!Vector256.GreaterThanOrEqualAll(x, Vector256.Create(-ExpFastLimit)))
        {
            result = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256.Create(-ExpFastLimit)), result, ExpSpecial(x));
        }

        return result;
    }

    /// <summary>ln(1 + e^x); bit-identical to one lane of <see cref="Softplus(Vector256{float})"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>ln(1 + e^x).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Softplus(float x)
    {
        if (!(x >= -ExpFastLimit))
        {
            // log1p(e^x) and e^x differ by a factor below 1 + 2^-124 here.
            return ExpSpecial(x);
        }

        return SoftplusCore(x);
    }

    // ---- softplus internals ----

    /// <summary>For x &gt;= -ExpFastLimit and +inf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SoftplusCore(Vector256<float> x)
    {
        // -|x|, clamped at -ExpFastLimit for the x > 86 lanes, where log1p(e^-x) is far below half an ulp of x.
        Vector256<float> n = x | Vector256.Create(-0f);
        n = Vector256.ConditionalSelect(Vector256.LessThan(n, Vector256.Create(-ExpFastLimit)), Vector256.Create(-ExpFastLimit), n);

        Vector256<float> j = ExpRound(n);
        Vector256<float> scale = ExpScale(j);
        Vector256<float> t = ExpMinusOne(n, j);
        Vector256<float> e = Vector256.FusedMultiplyAdd(t, scale, scale);
        // What the rounding of e lost (scale - e is exact, the two being within a factor of two). It is
        // handed to the log1p with the rounding error of 1 + e, so that e^-|x| is never rounded on its way:
        // with e alone the error reaches 2 ulp.
        Vector256<float> eLo = Vector256.FusedMultiplyAdd(t, scale, scale - e);

        // e is in (0, 1], so 1 + e is a normal float and Log1p's special path is never needed.
        Vector256<float> u = e + Vector256<float>.One;
        Vector256<float> log1p = Log1pCore(u, (e - (u - Vector256<float>.One)) + eLo);
        // max(x, 0) without a NaN rule to pay for: the mask keeps x where x > 0 and makes +0 elsewhere.
        return (Vector256.GreaterThan(x, Vector256<float>.Zero).AsSingle() & x) + log1p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SoftplusCore(float x)
    {
        float n = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) | int.MinValue);
        n = n < -ExpFastLimit ? -ExpFastLimit : n;

        float j = ExpRound(n);
        float scale = ExpScale(j);
        float t = ExpMinusOne(n, j);
        float e = MathF.FusedMultiplyAdd(t, scale, scale);
        float eLo = MathF.FusedMultiplyAdd(t, scale, scale - e);
        float u = e + 1f;
        float log1p = Log1pCore(u, (e - (u - 1f)) + eLo);
        return (x > 0f ? x : 0f) + log1p;
    }
}
