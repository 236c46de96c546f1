using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using KernelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static KernelGen.Tests.Numerics.UlpAccuracy;
using SysMath = System.Math;
using KernelGen.CompilerServices;

namespace KernelGen.Tests.Numerics;

/// <summary>
/// Accuracy of <see cref="VectorMath.Log1p(float)"/>, <see cref="VectorMath.Expm1(float)"/>,
/// <see cref="VectorMath.Tanh(float)"/>, <see cref="VectorMath.Sigmoid(float)"/> and
/// <see cref="VectorMath.Softplus(float)"/> against the correctly rounded result: stable formulas evaluated
/// in double, rounded to float.
/// </summary>
/// <remarks>
/// The contract is the one of <see cref="UlpAccuracy"/>: 2 ulp on normal results, 1 denormal ulp on denormal
/// results, exact infinities and NaN, vector lanes bit-identical to the scalar overload. Each function gets a
/// bit-pattern sweep and a uniform sweep (together more than 10^7 points), dense sweeps around the points
/// where the implementation switches paths, and its special values.
/// </remarks>
public sealed class ActivationMathTests
{
    private static readonly MathFunction Log1p = new("Log1p", VectorMath.Log1p, VectorMath.Log1p, ReferenceLog1p);
    private static readonly MathFunction Expm1 = new("Expm1", VectorMath.Expm1, VectorMath.Expm1, ReferenceExpm1);
    private static readonly MathFunction Tanh = new("Tanh", VectorMath.Tanh, VectorMath.Tanh, static x => (float)SysMath.Tanh(x));
    private static readonly MathFunction Sigmoid = new("Sigmoid", VectorMath.Sigmoid, VectorMath.Sigmoid, ReferenceSigmoid);
    private static readonly MathFunction Softplus = new("Softplus", VectorMath.Softplus, VectorMath.Softplus, ReferenceSoftplus);

    private static readonly MathFunction[] All = { Log1p, Expm1, Tanh, Sigmoid, Softplus };

    // A quiet NaN with a payload and the sign bit set, to see that NaN comes back unchanged.
    private static readonly float PayloadNaN = FromBits(0xFFC01234u);

    private readonly ITestOutputHelper _output;

    public ActivationMathTests(ITestOutputHelper output) => _output = output;

    // ---- References ----

    /// <summary>ln(1 + x): 1 + x is exact in double for every float x below 2^29 (beyond, its rounding is far
    /// below a float ulp of the result); near 0 the series, since log near 1 is only accurate absolutely.</summary>
    private static float ReferenceLog1p(float x) =>
        SysMath.Abs(x) < 1e-8f ? (float)(x - (double)x * x / 2) : (float)SysMath.Log(1 + (double)x);

    /// <summary>e^x - 1, from <see cref="StableMath.Expm1"/>: the series where exp(x) - 1 cancels.</summary>
    private static float ReferenceExpm1(float x) => (float)StableMath.Expm1(x);

    private static float ReferenceSigmoid(float x) => (float)StableMath.Sigmoid(x);

    private static float ReferenceSoftplus(float x) => (float)StableMath.Softplus(x);

    // ---- Dense sweeps ----

    [Fact]
    public void Log1p_Sweeps_AreWithinBound()
    {
        // Every 293rd float from -1 to +inf (the denormals, zeros and the x <= -1 edge included), then a
        // uniform sweep of [-1, 20], where the reduction and the correction term do the work.
        UlpStats bits = SweepBits(Log1p, -1f, float.PositiveInfinity, 293);
        Report("log1p, bit-pattern sweep of [-1, +inf]", bits);
        UlpStats uniform = SweepUniform(Log1p, -1, 20, 2_000_000);
        Report("log1p, uniform sweep of [-1, 20]", uniform);

        AssertSweeps(bits, uniform, bitsBelow: 0.012, uniformBelow: 0.1);
        Assert.True(bits.DenormalCount > 50_000, "the sweep should reach the denormal inputs");
    }

    [Fact]
    public void Expm1_Sweeps_AreWithinBound()
    {
        // Every 211th float in [-18, 89] (below -17.33 the result is -1, above 88.72 +inf), then uniform.
        UlpStats bits = SweepBits(Expm1, -18f, 89f, 211);
        Report("expm1, bit-pattern sweep of [-18, 89]", bits);
        UlpStats uniform = SweepUniform(Expm1, -20, 89.5, 2_000_000);
        Report("expm1, uniform sweep of [-20, 89.5]", uniform);

        AssertSweeps(bits, uniform, bitsBelow: 0.005, uniformBelow: 0.045);
        Assert.True(uniform.InfinityCount > 0, "the sweep should reach the overflow");
    }

    [Fact]
    public void Tanh_Sweeps_AreWithinBound()
    {
        // Every 199th float in [-10, 10] (tanh is +-1 beyond 9.01), then uniform.
        UlpStats bits = SweepBits(Tanh, -10f, 10f, 199);
        Report("tanh, bit-pattern sweep of [-10, 10]", bits);
        UlpStats uniform = SweepUniform(Tanh, -10, 10, 2_000_000);
        Report("tanh, uniform sweep of [-10, 10]", uniform);

        AssertSweeps(bits, uniform, bitsBelow: 0.005, uniformBelow: 0.04);
    }

    [Fact]
    public void Sigmoid_Sweeps_AreWithinBound()
    {
        // Every 211th float in [-105, 18] (below -103.97 the result is 0, above 17.33 it is 1), then uniform.
        UlpStats bits = SweepBits(Sigmoid, -105f, 18f, 211);
        Report("sigmoid, bit-pattern sweep of [-105, 18]", bits);
        UlpStats uniform = SweepUniform(Sigmoid, -105, 20, 2_000_000);
        Report("sigmoid, uniform sweep of [-105, 20]", uniform);

        AssertSweeps(bits, uniform, bitsBelow: 0.006, uniformBelow: 0.13);
        Assert.True(uniform.DenormalCount > 10_000, "the sweep should reach denormal results");
    }

    [Fact]
    public void Softplus_Sweeps_AreWithinBound()
    {
        // Every 211th float in [-105, 18] (below -103.97 the result is 0, above 14.56 it is x), then uniform.
        UlpStats bits = SweepBits(Softplus, -105f, 18f, 211);
        Report("softplus, bit-pattern sweep of [-105, 18]", bits);
        UlpStats uniform = SweepUniform(Softplus, -105, 40, 2_000_000);
        Report("softplus, uniform sweep of [-105, 40]", uniform);

        AssertSweeps(bits, uniform, bitsBelow: 0.08, uniformBelow: 0.13);
        Assert.True(uniform.DenormalCount > 10_000, "the sweep should reach denormal results");
    }

    [Fact]
    public void PathSwitches_AreWithinBound()
    {
        // 2000 floats on either side of every point where an implementation changes formula, clamps or
        // leaves its fast path.
        var cases = new (MathFunction Function, float[] Centers)[]
        {
            // u = 1 + x crossing sqrt(1/2) and sqrt(2) (k changes), 2^24 (the rounding error of 1 + x is no
            // longer exact), 2^126 sqrt(2) (2^-k is no longer a normal float and the correction is dropped).
            (Log1p, new[] { -0.29289323f, 0.41421354f, -1f + 2.3841858e-7f, 16777216f, 1.2030475e38f, 1e-8f, -1e-8f }),
            // k changing at +-ln2/2 and +-3 ln2/2, the fast limit +-86, where the result becomes -1.
            (Expm1, new[] { 0.34657359f, -0.34657359f, 1.03972077f, -1.03972077f, 86f, -86f, -17.328680f, 16.635532f }),
            // The polynomial limit, the clamp, where the result becomes 1.
            (Tanh, new[] { 0.625f, -0.625f, 9.5f, -9.5f, 9.010913f, 4.5f, 0.3f }),
            // The fast limit -86, the clamp at 86, where 1 + 2^k stops being exact (|x| ~ 16.6), where the result
            // becomes 1, the normal/denormal boundary and the smallest denormal.
            (Sigmoid, new[] { -86f, 86f, 16.635532f, -16.635532f, 17.32868f, -87.33655f, -103.27893f, -103.97208f }),
            // The same limits, where the result becomes x, and 0, where max(x, 0) switches.
            (Softplus, new[] { -86f, 86f, 16.635532f, -16.635532f, 14.556f, -87.33655f, -103.27893f, -103.97208f, 0f, 8f }),
        };

        foreach ((MathFunction function, float[] centers) in cases)
        {
            UlpStats stats = SweepAround(function, centers, 2000);
            Report($"{function}, around its path switches", stats);
            AssertWithinContract(stats);
        }
    }

    [Fact]
    public void MixedLanes_MatchScalarAndStayWithinBound()
    {
        // Special lanes send the whole register down the vector special path; the ordinary lanes next to them
        // must come out exactly as the scalar overload (and the fast path) computes them.
        float[] specials =
        {
            float.NaN, PayloadNaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon,
            LargestDenormal, SmallestNormal, float.MaxValue, -float.MaxValue, -1f, MathF.BitDecrement(-1f), 89f, -89f, -100f, 100f, 2e38f,
        };
        var random = new Random(20240612);
        var inputs = new float[8 * 40_000];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = random.Next(4) == 0
                ? specials[random.Next(specials.Length)]
                : (float)(random.NextDouble() * 220.0 - 110.0);
        }

        foreach (MathFunction function in All)
        {
            UlpStats stats = Sweep(function, inputs.Length, i => inputs[i]);
            Report($"{function}, mixed special and ordinary lanes", stats);
            AssertWithinContract(stats);
        }
    }

    // ---- Edges ----

    [Fact]
    public void SmallArguments_AndDenormals_AreExact()
    {
        // log1p, expm1 and tanh are x to within far less than half an ulp for tiny x: the result must be x
        // itself, sign, denormals and zeros included.
        float[] tiny = { 1e-30f, -1e-30f, 1e-10f, -1e-10f, float.Epsilon, -float.Epsilon, LargestDenormal, -LargestDenormal, SmallestNormal, -SmallestNormal, 2.9e-8f, -2.9e-8f };
        foreach (MathFunction function in new[] { Log1p, Expm1, Tanh })
        {
            foreach (Func<float, float> f in function.Implementations())
            {
                foreach (float x in tiny)
                {
                    Assert.Equal(Bits(x), Bits(f(x)));
                }

                Assert.Equal(0u, Bits(f(0f)));
                Assert.Equal(0x80000000u, Bits(f(-0f)));
            }
        }

        Assert.Equal(1e-30f, VectorMath.Log1p(1e-30f));
    }

    [Fact]
    public void TinyArguments_ReturnTheArgument()
    {
        // The documented ranges where the result is x itself: every 1009th float below them, both signs.
        foreach ((MathFunction function, float limit) in new[] { (Log1p, 2.9802322e-8f), (Expm1, 2.9802322e-8f), (Tanh, 1.2207031e-4f) })
        {
            long count = Ordered(limit) / 1009 + 1;
            var mismatches = new List<string>();
            for (long i = 0; i < count; i++)
            {
                float x = FromOrdered(i * 1009);
                foreach (float signed in new[] { x, -x })
                {
                    float vector = function.Vector(Vector256.Create(signed)).GetElement(0);
                    if (Bits(function.Scalar(signed)) != Bits(signed) || Bits(vector) != Bits(signed))
                    {
                        mismatches.Add($"{function}({Show(signed)}) = {Show(function.Scalar(signed))}, vector {Show(vector)}");
                    }
                }
            }

            Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches.Take(10)));
        }
    }

    [Fact]
    public void Log1p_SpecialValues_AreExact()
    {
        foreach (Func<float, float> log1p in Log1p.Implementations())
        {
            Assert.Equal(float.NegativeInfinity, log1p(-1f));
            Assert.True(float.IsNaN(log1p(MathF.BitDecrement(-1f))));
            Assert.True(float.IsNaN(log1p(-2f)));
            Assert.True(float.IsNaN(log1p(-float.MaxValue)));
            Assert.True(float.IsNaN(log1p(float.NegativeInfinity)));
            Assert.Equal(float.PositiveInfinity, log1p(float.PositiveInfinity));
            Assert.Equal(Bits(PayloadNaN), Bits(log1p(PayloadNaN)));
            Assert.Equal(MathF.Log(2f), log1p(1f));
            Assert.InRange(log1p(float.MaxValue), 88.72f, 88.73f);
            Assert.InRange(log1p(MathF.BitIncrement(-1f)), -16.64f, -16.63f);
            foreach (float x in new[] { float.MaxValue, MathF.BitIncrement(-1f), -0.5f, 1e-5f, -1e-5f, 0.41421354f, 3e7f, 1e38f })
            {
                AssertPointWithinContract(Log1p, x, log1p(x));
            }
        }
    }

    [Fact]
    public void Expm1_SpecialValues_AndThresholds_AreExact()
    {
        // The first float whose correctly rounded expm1 is +inf, and the first negative one whose correctly
        // rounded expm1 is -1, found from the reference rather than hard-coded.
        float overflow = 88f;
        while (!float.IsPositiveInfinity(ReferenceExpm1(overflow)))
        {
            overflow = MathF.BitIncrement(overflow);
        }

        float minusOne = -16f;
        while (ReferenceExpm1(minusOne) != -1f)
        {
            minusOne = MathF.BitDecrement(minusOne);
        }

        Assert.InRange(overflow, 88.72f, 88.73f);
        Assert.InRange(minusOne, -17.34f, -17.32f);
        _output.WriteLine($"expm1 overflow threshold {Show(overflow)}, -1 from {Show(minusOne)}");

        foreach (Func<float, float> expm1 in Expm1.Implementations())
        {
            Assert.Equal(float.PositiveInfinity, expm1(float.PositiveInfinity));
            Assert.Equal(-1f, expm1(float.NegativeInfinity));
            Assert.Equal(-1f, expm1(-float.MaxValue));
            Assert.Equal(-1f, expm1(-100f));
            Assert.Equal(float.PositiveInfinity, expm1(float.MaxValue));
            Assert.Equal(Bits(PayloadNaN), Bits(expm1(PayloadNaN)));
            Assert.Equal(float.PositiveInfinity, expm1(overflow));
            Assert.True(float.IsFinite(expm1(MathF.BitDecrement(overflow))));
            AssertAround(Expm1, expm1, overflow);
            AssertAround(Expm1, expm1, minusOne);
            Assert.Equal(-1f, expm1(minusOne - 0.2f));
            foreach (float x in new[] { 1f, -1f, 1e-5f, -1e-5f, 0.3465736f, -0.3465736f, 10f, -10f })
            {
                AssertPointWithinContract(Expm1, x, expm1(x));
            }
        }
    }

    [Fact]
    public void Expm1_MultiplesOfLn2_AreWithinBound()
    {
        // k ln2 and (k + 1/2) ln2 rounded to float: the reduction's worst cancellation, and the k boundaries,
        // where 2^k - 1 and 2^k r cancel most for small k.
        var inputs = new List<float>();
        for (int k = -26; k <= 128; k++)
        {
            float x = (float)(k * SysMath.Log(2.0));
            float half = (float)((k + 0.5) * SysMath.Log(2.0));
            inputs.AddRange(new[] { MathF.BitDecrement(x), x, MathF.BitIncrement(x), MathF.BitDecrement(half), half, MathF.BitIncrement(half) });
        }

        UlpStats stats = Sweep(Expm1, inputs.Count, i => inputs[(int)i]);
        Report("expm1, multiples of ln2", stats);
        AssertWithinContract(stats);
    }

    [Fact]
    public void Tanh_SpecialValues_AndSymmetry_AreExact()
    {
        // Where the correctly rounded tanh becomes 1, from the reference.
        float one = 8f;
        while ((float)SysMath.Tanh(one) != 1f)
        {
            one = MathF.BitIncrement(one);
        }

        Assert.InRange(one, 9.0f, 9.02f);
        _output.WriteLine($"tanh is 1 from {Show(one)}");

        foreach (Func<float, float> tanh in Tanh.Implementations())
        {
            Assert.Equal(1f, tanh(float.PositiveInfinity));
            Assert.Equal(-1f, tanh(float.NegativeInfinity));
            Assert.Equal(1f, tanh(float.MaxValue));
            Assert.Equal(-1f, tanh(-float.MaxValue));
            AssertAround(Tanh, tanh, one);
            AssertAround(Tanh, tanh, -one);
            Assert.Equal(1f, tanh(one + 0.1f));
            Assert.Equal(-1f, tanh(-one - 0.1f));
            Assert.Equal(Bits(PayloadNaN), Bits(tanh(PayloadNaN)));
            Assert.Equal(Bits(float.NaN), Bits(tanh(float.NaN)));
        }

        // Odd bit for bit: tanh(-x) is tanh(x) with the sign flipped, on both sides of the polynomial limit.
        var random = new Random(7);
        float[] xs = Enumerable.Range(0, 8 * 20_000).Select(_ => (float)(random.NextDouble() * 12)).ToArray();
        UlpStats positive = Sweep(Tanh, xs.Length, i => xs[i]);
        AssertWithinContract(positive);
        for (int i = 0; i < xs.Length; i += 8)
        {
            Vector256<float> x = Vector256.Create(xs, i);
            Assert.Equal(VectorMath.Tanh(x).AsUInt32() ^ Vector256.Create(0x80000000u), VectorMath.Tanh(-x).AsUInt32());
        }
    }

    [Fact]
    public void Sigmoid_SpecialValues_AndThresholds_AreExact()
    {
        // The first negative float whose correctly rounded sigmoid is 0, and the first positive one whose
        // correctly rounded sigmoid is 1, from the reference.
        float zero = -100f;
        while (ReferenceSigmoid(zero) != 0f)
        {
            zero = MathF.BitDecrement(zero);
        }

        float one = 15f;
        while (ReferenceSigmoid(one) != 1f)
        {
            one = MathF.BitIncrement(one);
        }

        Assert.InRange(zero, -103.98f, -103.97f);
        Assert.InRange(one, 17.3f, 17.4f);
        _output.WriteLine($"sigmoid is 0 from {Show(zero)} down and 1 from {Show(one)} up");

        foreach (Func<float, float> sigmoid in Sigmoid.Implementations())
        {
            Assert.Equal(0.5f, sigmoid(0f));
            Assert.Equal(0.5f, sigmoid(-0f));
            Assert.Equal(1f, sigmoid(float.PositiveInfinity));
            Assert.Equal(0u, Bits(sigmoid(float.NegativeInfinity)));
            Assert.Equal(1f, sigmoid(float.MaxValue));
            Assert.Equal(0u, Bits(sigmoid(-float.MaxValue)));
            Assert.Equal(0.5f, sigmoid(float.Epsilon));
            Assert.Equal(Bits(PayloadNaN), Bits(sigmoid(PayloadNaN)));
            AssertAround(Sigmoid, sigmoid, one);
            AssertAround(Sigmoid, sigmoid, zero);
            Assert.Equal(1f, sigmoid(one + 0.2f));
            Assert.Equal(0u, Bits(sigmoid(zero - 0.2f)));
            // Far below -87.34 the result is the denormal e^x.
            Assert.Equal(ReferenceSigmoid(-95f), sigmoid(-95f));
            Assert.True(sigmoid(-95f) is > 0f and < SmallestNormal);
            foreach (float x in new[] { 1f, -1f, 5f, -5f, -20f, -50f, -86f, -87.5f, -100f, 1e-7f, -1e-7f })
            {
                AssertPointWithinContract(Sigmoid, x, sigmoid(x));
            }
        }
    }

    [Fact]
    public void Softplus_SpecialValues_AndThresholds_AreExact()
    {
        // The first float from which the correctly rounded softplus is x itself, from the reference.
        float identity = 12f;
        while (ReferenceSoftplus(identity) != identity)
        {
            identity = MathF.BitIncrement(identity);
        }

        Assert.InRange(identity, 14f, 17.5f);
        _output.WriteLine($"softplus(x) is x from {Show(identity)} up");

        foreach (Func<float, float> softplus in Softplus.Implementations())
        {
            Assert.Equal(float.PositiveInfinity, softplus(float.PositiveInfinity));
            Assert.Equal(0u, Bits(softplus(float.NegativeInfinity)));
            Assert.Equal(0u, Bits(softplus(-float.MaxValue)));
            Assert.Equal(float.MaxValue, softplus(float.MaxValue));
            Assert.Equal(MathF.Log(2f), softplus(0f));
            Assert.Equal(MathF.Log(2f), softplus(-0f));
            Assert.Equal(Bits(PayloadNaN), Bits(softplus(PayloadNaN)));
            Assert.Equal(ReferenceSoftplus(-95f), softplus(-95f));
            Assert.True(softplus(-95f) is > 0f and < SmallestNormal);
            AssertAround(Softplus, softplus, identity);
        }

        // From the identity threshold up, softplus(x) is exactly x.
        for (float x = identity; x < 1e30f; x = x * 1.37f + 0.001f)
        {
            Assert.Equal(x, VectorMath.Softplus(x));
            Assert.Equal(x, VectorMath.Softplus(Vector256.Create(x)).GetElement(3));
        }
    }

    [Fact]
    public void Measuring_CanFail()
    {
        // The sweeps must be able to fail: results off by 8 ulp or more, and a vector that disagrees with the
        // scalar by 1 ulp.
        UlpStats wrong = Measure(Tanh, new[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f }, static x => VectorMath.Tanh(x) * 1.000001f);
        Assert.False(wrong.WithinContract);

        var disagreeing = Tanh with { Vector = static v => VectorMath.Tanh(v) * 1.0000001f };
        Assert.False(Measure(disagreeing, new[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f }, null).WithinContract);
    }

    // ---- Measuring ----

    /// <summary>Both sweeps within the contract, more than 10^7 points together, and, not part of the
    /// contract but a guard against losing accuracy below the ulp bound, fewer results not correctly rounded
    /// than the given fractions (about twice what is measured today).</summary>
    private static void AssertSweeps(UlpStats bits, UlpStats uniform, double bitsBelow, double uniformBelow)
    {
        AssertWithinContract(bits);
        AssertWithinContract(uniform);
        Assert.True(bits.Count + uniform.Count > 10_000_000, $"only {bits.Count + uniform.Count} points");
        Assert.True(bits.NotCorrectlyRounded < bits.Count * bitsBelow, $"{bits.NotCorrectlyRounded} of {bits.Count} not correctly rounded");
        Assert.True(uniform.NotCorrectlyRounded < uniform.Count * uniformBelow, $"{uniform.NotCorrectlyRounded} of {uniform.Count} not correctly rounded");
    }

    /// <summary>The threshold itself and its neighbours are within the contract (the saturated value may be
    /// reached one float early or late).</summary>
    private static void AssertAround(MathFunction function, Func<float, float> f, float threshold)
    {
        foreach (float x in new[] { MathF.BitDecrement(threshold), threshold, MathF.BitIncrement(threshold) })
        {
            AssertPointWithinContract(function, x, f(x));
        }
    }

    private void Report(string what, UlpStats stats) => UlpAccuracy.Report(_output, what, stats);
}
