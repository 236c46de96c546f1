using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

public static partial class VectorMath
{
    // ---- expm1 ----

    // expm1(r) ~ r + r^2 (1/2 + M3 r + M4 r^2 + M5 r^3 + M6 r^4 + M7 r^5) on |r| <= ln2/2: minimax for the
    // relative error of expm1 itself (2^-30.9 with these float coefficients). Exp's degree-6 polynomial is
    // fitted relative to e^r, about 1; relative to e^r - 1, which goes to 0, it is only good to 2^-26.
    private const float M3 = 0.16666667163372039794921875f;
    private const float M4 = 4.16664816439151763916015625e-2f;
    private const float M5 = 8.33321176469326019287109375e-3f;
    private const float M6 = 1.3933344744145870208740234375e-3f;
    private const float M7 = 1.99403264559805393218994140625e-4f;

    /// <summary>e^x - 1 for each lane of <paramref name="x"/>, accurate for x near 0 where
    /// <c>Exp(x) - 1</c> would lose every digit.</summary>
    /// <remarks>
    /// <para>
    /// x = k ln2 + r as in <see cref="Exp(Vector256{float})"/>, and e^x - 1 = (2^k - 1) + 2^k expm1(r). For
    /// small k the two terms cancel, so nothing on the way may be rounded at the size of the result but the
    /// last step: 2^k - 1 is exact for |k| &lt;= 24, (2^k - 1) + 2^k r is kept exactly as a sum and its rounding
    /// error, and the rest, 2^k (r^2 q(r) plus what the rounding of r lost), is added to that error before
    /// the final rounding. For k = 0 (|x| &lt; ln2/2) the result is a single rounding of r + r^2 q(r).
    /// </para>
    /// <para>
    /// Error bound against the correctly rounded result (a double series near 0, <see cref="Math.Exp(double)"/>
    /// - 1 elsewhere, rounded to float), measured exhaustively over every float from -18 up, vector and scalar
    /// alike: at most 1 ulp (0.22% of the results for x in [-18, 89], where expm1 is neither -1 nor +inf, are
    /// not correctly rounded). A result is denormal only for a denormal input, which comes back unchanged.
    /// </para>
    /// <para>
    /// Domain: <c>Expm1(±0) = ±0</c>, <c>Expm1(x) = x</c> for |x| below 2^-25 (denormals included),
    /// <c>Expm1(+inf) = +inf</c>, <c>Expm1(-inf) = -1</c>, and a NaN input comes back as the same NaN. From 88.72284 (where <see cref="Exp(Vector256{float})"/> overflows) up the
    /// result is +inf, and from about -17.33 down it is -1, where the correctly rounded result is.
    /// </para>
    /// </remarks>
    /// <param name="x">The exponents.</param>
    /// <returns>e^x - 1 in each lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Expm1(Vector256<float> x)
    {
        Vector256<float> result = Expm1Core(x);

        // The same fast range as Exp, where 2^k is a normal float; NaN fails the compare too.
        if (!Vector256.LessThanOrEqualAll(Vector256.Abs(x), Vector256.Create(ExpFastLimit)))
        {
            result = Expm1Special(x);
        }

        return result;
    }

    /// <summary>e^x - 1; bit-identical to one lane of <see cref="Expm1(Vector256{float})"/>.</summary>
    /// <param name="x">The exponent.</param>
    /// <returns>e^x - 1.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Expm1(float x)
    {
        if (!(MathF.Abs(x) <= ExpFastLimit))
        {
            return Expm1Special(x);
        }

        return Expm1Core(x);
    }

    // ---- expm1 internals ----

    /// <summary>e^x - 1 for |x| &lt;= ExpFastLimit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Expm1Core(Vector256<float> x)
    {
        Vector256<float> j = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(ExpShifter));
        Vector256<float> k = j - Vector256.Create(ExpShifter);
        Vector256<float> rHi = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Hi), x);
        Vector256<float> r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Lo), rHi);
        // What rounding r lost (rHi - r is exact). Exp can drop it, its result being 2^k (1 + ...); here, with
        // k = 1 and r near -ln2/2, where 2 (1 + expm1(r)) - 1 is 0.42, it would be worth 0.7 ulp.
        Vector256<float> lost = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Lo), rHi - r);

        Vector256<float> r2 = r * r;
        Vector256<float> r4 = r2 * r2;
        // Estrin, as in Exp.
        Vector256<float> q01 = Vector256.FusedMultiplyAdd(Vector256.Create(M3), r, Vector256.Create(0.5f));
        Vector256<float> q23 = Vector256.FusedMultiplyAdd(Vector256.Create(M5), r, Vector256.Create(M4));
        Vector256<float> q45 = Vector256.FusedMultiplyAdd(Vector256.Create(M7), r, Vector256.Create(M6));
        Vector256<float> q03 = Vector256.FusedMultiplyAdd(q23, r2, q01);
        Vector256<float> q = Vector256.FusedMultiplyAdd(q45, r4, q03);
        // expm1(r + lost) - r ~ r^2 q + lost (1 + r).
        Vector256<float> p = Vector256.FusedMultiplyAdd(r2, q, Vector256.FusedMultiplyAdd(lost, r, lost));

        // (2^k - 1) + 2^k r as head + err exactly: both terms are exact (|k| <= 124 keeps 2^k r normal unless
        // it is far below the result), and 2^k - 1 is the larger in magnitude for every k, so the Fast2Sum
        // error needs no comparison. Rounding head + err + 2^k p once more only at the end keeps the result
        // a single rounding away from head + tail for every k, not only where the terms cancel.
        Vector256<float> scale = (j.AsInt32() << 23).AsSingle();
        Vector256<float> a = scale * r;
        Vector256<float> b = scale - Vector256<float>.One;
        Vector256<float> head = a + b;
        Vector256<float> err = a - (head - b);
        Vector256<float> result = head + Vector256.FusedMultiplyAdd(scale, p, err);

        // expm1 has the sign of x. The additions above turn expm1(-0) into +0; putting back x's sign bit
        // restores -0 and changes nothing else, because a negative x already gives a negative result.
        return result | (x & Vector256.Create(-0f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Expm1Core(float x)
    {
        float j = MathF.FusedMultiplyAdd(x, Log2E, ExpShifter);
        float k = j - ExpShifter;
        float rHi = MathF.FusedMultiplyAdd(k, -Ln2Hi, x);
        float r = MathF.FusedMultiplyAdd(k, -Ln2Lo, rHi);
        float lost = MathF.FusedMultiplyAdd(k, -Ln2Lo, rHi - r);

        float r2 = r * r;
        float r4 = r2 * r2;
        float q01 = MathF.FusedMultiplyAdd(M3, r, 0.5f);
        float q23 = MathF.FusedMultiplyAdd(M5, r, M4);
        float q45 = MathF.FusedMultiplyAdd(M7, r, M6);
        float q03 = MathF.FusedMultiplyAdd(q23, r2, q01);
        float q = MathF.FusedMultiplyAdd(q45, r4, q03);
        float p = MathF.FusedMultiplyAdd(r2, q, MathF.FusedMultiplyAdd(lost, r, lost));

        float scale = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(j) << 23);
        float a = scale * r;
        float b = scale - 1f;
        float head = a + b;
        float err = a - (head - b);
        float result = head + MathF.FusedMultiplyAdd(scale, p, err);
        return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(result) | (BitConverter.SingleToInt32Bits(x) & int.MinValue));
    }

    /// <summary>|x| &gt; ExpFastLimit and NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Expm1Special(Vector256<float> x)
    {
        // Above 86, e^x is above 2^124 and the -1 is far below its last bit: the result is Exp's, overflow,
        // infinity and NaN included. Below -86, e^x is below 2^-124 and the result is -1.
        Vector256<float> result = Expm1Core(x);
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-ExpFastLimit)), Vector256.Create(-1f), result);
        Vector256<float> large = Vector256.GreaterThan(x, Vector256.Create(ExpFastLimit)) | Vector256.IsNaN(x);
        return Vector256.ConditionalSelect(large, ExpSpecial(x), result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Expm1Special(float x) => x < -ExpFastLimit ? -1f : ExpSpecial(x);
}
