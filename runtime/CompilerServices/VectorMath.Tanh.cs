using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

public static partial class VectorMath
{
    // ---- tanh ----

    // Below this |x| the odd polynomial is used, above it 1 - 2 / (e^2|x| + 1). The exp form loses accuracy as
    // 2 / (e^2|x| + 1) grows towards 1/2 and is not cancelled by 1 any more, the polynomial needs a term per
    // ~0.1 of range; at 0.625 both stay within 1 ulp with a six-term polynomial.
    private const float TanhPolynomialLimit = 0.625f;

    // tanh(x) rounds to 1 from about 9.01 on; clamping there keeps 2|x| inside Exp's fast range.
    private const float TanhClamp = 9.5f;

    // tanh(x) ~ x + x^3 (T1 + T2 x^2 + ... + T6 x^10) on [0, 0.625]: minimax for relative error (2^-32.4 with
    // these float coefficients), so only the roundings of the evaluation count.
    private const float T1 = -0.333333313465118408203125f;
    private const float T2 = 0.1333322227001190185546875f;
    private const float T3 = -5.394844710826873779296875e-2f;
    private const float T4 = 2.170859277248382568359375e-2f;
    private const float T5 = -8.194557391107082366943359375e-3f;
    private const float T6 = 2.157055772840976715087890625e-3f;

    /// <summary>Hyperbolic tangent of each lane of <paramref name="x"/>.</summary>
    /// <remarks>
    /// <para>
    /// An odd polynomial for |x| &lt; 0.625; beyond, 1 - 2 / (e^2|x| + 1) with the sign of x, where
    /// e^2|x| + 1 is formed from the pieces of <see cref="Exp(Vector256{float})"/> with one rounding. Both are
    /// evaluated for all lanes and one is selected per lane.
    /// </para>
    /// <para>
    /// Error bound against the correctly rounded result (<see cref="Math.Tanh(double)"/> rounded to float),
    /// measured exhaustively over all 2^32 float inputs, vector and scalar alike: at most 1 ulp (0.25% of the
    /// results for |x| &lt;= 10, where tanh is not yet ±1, are not correctly rounded). A result is denormal
    /// only for a denormal input, which comes back unchanged.
    /// </para>
    /// <para>
    /// Domain: odd (<c>Tanh(-x) = -Tanh(x)</c> bit for bit), <c>Tanh(±0) = ±0</c>, <c>Tanh(x) = x</c> for
    /// |x| below 2^-13, ±1 from |x| of about 9.01 on (±inf included), and a NaN input comes back as the
    /// same NaN.
    /// </para>
    /// </remarks>
    /// <param name="x">The arguments.</param>
    /// <returns>tanh x in each lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> result = TanhCore(x);

        // Only NaN needs care (a NaN lane is not equal to itself); infinities saturate on the fast path.
        if (!Vector256.EqualsAll(x, x))
        {
            result = Vector256.ConditionalSelect(Vector256.IsNaN(x), x, result);
        }

        return result;
    }

    /// <summary>Hyperbolic tangent of <paramref name="x"/>; bit-identical to one lane of
    /// <see cref="Tanh(Vector256{float})"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>tanh x.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        if (float.IsNaN(x))
        {
            return x;
        }

        return TanhCore(x);
    }

    // ---- tanh internals ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> TanhCore(Vector256<float> x)
    {
        Vector256<float> a = Vector256.Abs(x);

        // x + x^3 P(x^2): x is exact and carried into the final fused add, so for tiny x the result is x.
        Vector256<float> z = x * x;
        Vector256<float> z2 = z * z;
        Vector256<float> z4 = z2 * z2;
        Vector256<float> p12 = Vector256.FusedMultiplyAdd(Vector256.Create(T2), z, Vector256.Create(T1));
        Vector256<float> p34 = Vector256.FusedMultiplyAdd(Vector256.Create(T4), z, Vector256.Create(T3));
        Vector256<float> p56 = Vector256.FusedMultiplyAdd(Vector256.Create(T6), z, Vector256.Create(T5));
        Vector256<float> p14 = Vector256.FusedMultiplyAdd(p34, z2, p12);
        Vector256<float> p = Vector256.FusedMultiplyAdd(p56, z4, p14);
        Vector256<float> small = Vector256.FusedMultiplyAdd(x * z, p, x);

        // Compare-and-select clamp: the NaN lanes are replaced by the caller.
        Vector256<float> ac = Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256.Create(TanhClamp)), Vector256.Create(TanhClamp), a);
        Vector256<float> twice = ac + ac;
        Vector256<float> j = ExpRound(twice);
        Vector256<float> scale = ExpScale(j);
        Vector256<float> t = ExpMinusOne(twice, j);
        // e^2|x| + 1 = scale (1 + t) + 1 with one rounding (scale + 1 is exact while it matters, for k <= 24).
        Vector256<float> d = Vector256.FusedMultiplyAdd(t, scale, scale + Vector256<float>.One);
        Vector256<float> large = Vector256<float>.One - Vector256.Create(2f) / d;

        // tanh has the sign of x. large is positive and small loses the sign of -0 (x^3 P is +0 there, P
        // being negative); putting back x's sign bit fixes both and changes nothing else.
        Vector256<float> result = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(TanhPolynomialLimit)), small, large);
        return result | (x & Vector256.Create(-0f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float TanhCore(float x)
    {
        float a = MathF.Abs(x);
        float result;
        if (a < TanhPolynomialLimit)
        {
            float z = x * x;
            float z2 = z * z;
            float z4 = z2 * z2;
            float p12 = MathF.FusedMultiplyAdd(T2, z, T1);
            float p34 = MathF.FusedMultiplyAdd(T4, z, T3);
            float p56 = MathF.FusedMultiplyAdd(T6, z, T5);
            float p14 = MathF.FusedMultiplyAdd(p34, z2, p12);
            float p = MathF.FusedMultiplyAdd(p56, z4, p14);
            result = MathF.FusedMultiplyAdd(x * z, p, x);
        }
        else
        {
            float ac = a > TanhClamp ? TanhClamp : a;
            float twice = ac + ac;
            float j = ExpRound(twice);
            float scale = ExpScale(j);
            float t = ExpMinusOne(twice, j);
            float d = MathF.FusedMultiplyAdd(t, scale, scale + 1f);
            result = 1f - 2f / d;
        }

        return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(result) | (BitConverter.SingleToInt32Bits(x) & int.MinValue));
    }
}
