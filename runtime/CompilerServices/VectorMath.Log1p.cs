using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

public static partial class VectorMath
{
    // ---- log1p ----

    private const int OneBits = 0x3F800000;

    /// <summary>ln(1 + x) for each lane of <paramref name="x"/>, accurate for x near 0 where
    /// <c>Log(1 + x)</c> would lose every digit.</summary>
    /// <remarks>
    /// <para>
    /// 1 + x is rounded to u, and the rounding error c = (1 + x) - u is recovered exactly. u goes through the
    /// reduction of <see cref="Log(Vector256{float})"/> (u = 2^k (1 + f), 1 + f in [sqrt(1/2), sqrt(2))) and
    /// the same polynomial, and c enters as the first-order term c 2^-k / (1 + f) of log(1 + f + c 2^-k).
    /// </para>
    /// <para>
    /// Error bound against the correctly rounded result (<see cref="Math.Log(double)"/> of the exact 1 + x in
    /// double), measured exhaustively over every float from -1 up, vector and scalar alike: at most 1 ulp
    /// (0.6% of results are not correctly rounded). A result of <c>Log1p</c> is denormal only for a
    /// denormal input, and then it is the input itself, which is the correctly rounded result.
    /// </para>
    /// <para>
    /// Domain: <c>Log1p(±0) = ±0</c>, <c>Log1p(-1) = -inf</c>, <c>Log1p(x) = NaN</c> for x &lt; -1 (including
    /// -inf), <c>Log1p(+inf) = +inf</c>; a NaN input comes back as the same NaN. For |x| below about 2^-25,
    /// <c>Log1p(x) = x</c>, denormals included.
    /// </para>
    /// </remarks>
    /// <param name="x">The arguments.</param>
    /// <returns>ln(1 + x) in each lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log1p(Vector256<float> x)
    {
        Vector256<float> u = x + Vector256<float>.One;
        Vector256<float> result = Log1pSigned(x, u);

        // 1 + x is never denormal (it is 0 or at least 2^-24), so the log's one compare finds exactly the
        // x <= -1, +inf and NaN lanes.
        if (Vector256.GreaterThanAny(u.AsInt32() + Vector256.Create(LogSpecialBias), Vector256.Create(LogSpecialLimit)))
        {
            result = Log1pSpecial(x);
        }

        return result;
    }

    /// <summary>ln(1 + x); bit-identical to one lane of <see cref="Log1p(Vector256{float})"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>ln(1 + x).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log1p(float x)
    {
        float u = x + 1f;
        if (BitConverter.SingleToInt32Bits(u) + LogSpecialBias > LogSpecialLimit)
        {
            return Log1pSpecial(x);
        }

        return Log1pSigned(x, u);
    }

    // ---- log1p internals ----

    /// <summary>ln(1 + x) given u = 1 + x rounded, for u a positive normal float, -0 included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Log1pSigned(Vector256<float> x, Vector256<float> u)
    {
        // The rounding error of 1 + x. Exact for |x| <= 2^24 (u - 1 is exact there, and so is the difference,
        // being the error of a rounded sum); beyond, the error is at most 2 while the correction it feeds is
        // below 2^-24 of a result above 16, so an inexact c does not matter.
        Vector256<float> result = Log1pCore(u, x - (u - Vector256<float>.One));

        // log1p has the sign of x. The additions in the core turn log1p(-0) into +0; putting back x's sign bit
        // restores -0 and changes nothing else, because a negative x already gives a negative result.
        return result | (x & Vector256.Create(-0f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Log1pSigned(float x, float u)
    {
        float result = Log1pCore(u, x - (u - 1f));
        return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(result) | (BitConverter.SingleToInt32Bits(x) & int.MinValue));
    }

    /// <summary>ln(u + c) for u a positive normal float and |c| at most about half an ulp of u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Log1pCore(Vector256<float> u, Vector256<float> c)
    {
        Vector256<float> f = LogReduce(u.AsInt32(), out Vector256<int> k);

        // 2^-k from the bits. For k >= 127 (u above 2^126 sqrt(2)) it is not a normal float and the clamp
        // makes it 0: the correction there is below 2^-126 and cannot change the result.
        Vector256<float> scale = Vector256.Max(Vector256.Create(OneBits) - (k << 23), Vector256<int>.Zero).AsSingle();
        Vector256<float> d = c * scale;

        Vector256<float> f2 = f * f;
        Vector256<float> q = LogPolynomial(f, f2);

        // d / (1 + f) with 1 / (1 + f) ~ 1 - f + f^2: the f^3 term left out is under 0.05 d, and d is at most
        // 2^-24, which costs at most 0.1 ulp. No division.
        Vector256<float> correction = Vector256.FusedMultiplyAdd(d, f2 - f, d);

        // The small terms are summed first and f, which is exact, is added after them, so that for k = 0 (x
        // near 0) only that last addition rounds at the size of the result; k * Ln2Hi is exact inside the last
        // fused add, as in Log.
        Vector256<float> kf = Vector256.ConvertToSingle(k);
        Vector256<float> small = Vector256.FusedMultiplyAdd(f2, q, correction);
        small = Vector256.FusedMultiplyAdd(kf, Vector256.Create(Ln2Lo), small);
        return Vector256.FusedMultiplyAdd(kf, Vector256.Create(Ln2Hi), f + small);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Log1pCore(float u, float c)
    {
        float f = LogReduce(BitConverter.SingleToInt32Bits(u), out int k);
        float scale = BitConverter.Int32BitsToSingle(Math.Max(OneBits - (k << 23), 0));
        float d = c * scale;

        float f2 = f * f;
        float q = LogPolynomial(f, f2);
        float correction = MathF.FusedMultiplyAdd(d, f2 - f, d);

        float kf = k;
        float small = MathF.FusedMultiplyAdd(f2, q, correction);
        small = MathF.FusedMultiplyAdd(kf, Ln2Lo, small);
        return MathF.FusedMultiplyAdd(kf, Ln2Hi, f + small);
    }

    /// <summary>x &lt;= -1, +inf and NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Log1pSpecial(Vector256<float> x)
    {
        // The ordinary lanes are computed as on the fast path; the others are overwritten.
        Vector256<float> result = Log1pSigned(x, x + Vector256<float>.One);
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-1f)), Vector256.Create(float.NaN), result);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(-1f)), Vector256.Create(float.NegativeInfinity), result);
        Vector256<float> passThrough = Vector256.IsNaN(x) | Vector256.Equals(x, Vector256.Create(float.PositiveInfinity));
        return Vector256.ConditionalSelect(passThrough, x, result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Log1pSpecial(float x)
    {
        if (float.IsNaN(x) || float.IsPositiveInfinity(x))
        {
            return x;
        }

        return x == -1f ? float.NegativeInfinity : float.NaN;
    }
}
