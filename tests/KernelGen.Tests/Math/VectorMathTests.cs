using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using static KernelGen.Tests.Numerics.UlpAccuracy;
using SysMath = System.Math;
using KernelGen.CompilerServices;

namespace KernelGen.Tests.Numerics;

/// <summary>
/// Accuracy of <see cref="VectorMath"/> against the correctly rounded result: <see cref="SysMath.Exp(double)"/>
/// and <see cref="SysMath.Log(double)"/> in double, rounded to float.
/// </summary>
/// <remarks>
/// The rules asserted are the documented contract, <see cref="UlpAccuracy"/>: at most 2 ulp where the
/// reference is a normal float, at most 1 denormal ulp (an absolute error of at most 2^-149) where it is
/// denormal or zero, infinite and NaN references matched exactly, and every vector lane equal to the scalar
/// overload bit for bit.
/// </remarks>
public sealed class VectorMathTests
{
    private const float SmallestNormal = UlpAccuracy.SmallestNormal;
    private const float LargestDenormal = UlpAccuracy.LargestDenormal;

    private static readonly MathFunction Exp = new("Exp", VectorMath.Exp, VectorMath.Exp, static x => (float)SysMath.Exp(x));
    private static readonly MathFunction Log = new("Log", VectorMath.Log, VectorMath.Log, static x => (float)SysMath.Log(x));

    private readonly ITestOutputHelper _output;

    public VectorMathTests(ITestOutputHelper output) => _output = output;

    // ---- Dense sweeps ----

    [Fact]
    public void Exp_BitPatternSweep_IsWithinBound()
    {
        // Every 191st float in [0, 89] and in [-104, -0]: beyond those, the results are saturated
        // (+inf or 0) and are checked by the edge tests. An odd stride walks through all the low mantissa bits.
        const int stride = 191;
        uint positiveEnd = Bits(89f);
        uint negativeEnd = Bits(-104f);
        long positiveCount = positiveEnd / stride + 1;
        long negativeCount = (negativeEnd - 0x80000000u) / stride + 1;
        UlpStats stats = Sweep(Exp, positiveCount + negativeCount, i =>
            i < positiveCount
                ? FromBits((uint)(i * stride))
                : FromBits((uint)(0x80000000u + (i - positiveCount) * stride)));

        Report("exp, bit-pattern sweep of [-104, 89]", stats);
        AssertWithinContract(stats);
        Assert.True(stats.Count > 10_000_000, $"only {stats.Count} points");
        Assert.True(stats.DenormalCount > 0, "the sweep should reach denormal results");
        // Not part of the contract, a guard against losing accuracy below the ulp bound (under 1% today).
        Assert.True(stats.NotCorrectlyRounded < stats.Count / 33, $"{stats.NotCorrectlyRounded} of {stats.Count} not correctly rounded");
    }

    [Fact]
    public void Exp_UniformValueSweep_IsWithinBound()
    {
        // The bit sweep crowds around zero; this one spreads evenly over the arguments whose result is
        // neither 1 nor saturated, where the reduction does most of its work.
        const long count = 2_000_000;
        const double low = -104.5, high = 89.5;
        UlpStats stats = Sweep(Exp, count, i => (float)(low + (high - low) * i / (count - 1)));

        Report("exp, uniform sweep of [-104.5, 89.5]", stats);
        AssertWithinContract(stats);
        Assert.True(stats.InfinityCount > 0 && stats.DenormalCount > 0, "the sweep should cover both saturations");
    }

    [Fact]
    public void Log_BitPatternSweep_IsWithinBound()
    {
        // Every 197th positive float from the smallest denormal up to +inf.
        const int stride = 197;
        long count = (Bits(float.PositiveInfinity) - 1) / stride + 1;
        UlpStats stats = Sweep(Log, count, i => FromBits((uint)(1 + i * stride)));

        Report("log, bit-pattern sweep of (0, +inf]", stats);
        AssertWithinContract(stats);
        Assert.True(stats.Count > 10_000_000, $"only {stats.Count} points");
    }

    [Fact]
    public void Log_AroundOne_IsWithinBound()
    {
        // [sqrt(1/2), sqrt(2)] is the range where the exponent term is 0 and the polynomial alone carries the
        // result; every 5th float there, plus the denormal inputs, which are renormalized first.
        const int stride = 5;
        uint start = Bits(0.70710677f);
        uint end = Bits(1.41421354f);
        long aroundOne = (end - start) / stride + 1;
        const int denormalStride = 23;
        long denormals = Bits(LargestDenormal) / denormalStride + 1;
        UlpStats stats = Sweep(Log, aroundOne + denormals, i =>
            i < aroundOne
                ? FromBits((uint)(start + i * stride))
                : FromBits((uint)(1 + (i - aroundOne) * denormalStride)));

        Report("log, [sqrt(1/2), sqrt(2)] and denormal inputs", stats);
        AssertWithinContract(stats);
        // Not part of the contract, a guard against losing accuracy below the ulp bound: here 4% of results
        // miss correct rounding, and a degree-7 polynomial, still within 1 ulp, would miss 17%.
        Assert.True(stats.NotCorrectlyRounded < stats.Count / 10, $"{stats.NotCorrectlyRounded} of {stats.Count} not correctly rounded");
    }

    // ---- Edges ----

    [Fact]
    public void Exp_SpecialValues_AreExact()
    {
        foreach (Func<float, float> exp in Exp.Implementations())
        {
            Assert.Equal(float.PositiveInfinity, exp(float.PositiveInfinity));
            Assert.Equal(0u, Bits(exp(float.NegativeInfinity)));
            Assert.True(float.IsNaN(exp(float.NaN)));
            Assert.True(float.IsNaN(exp(-float.NaN)));
            Assert.Equal(1f, exp(0f));
            Assert.Equal(1f, exp(-0f));
            Assert.Equal(1f, exp(float.Epsilon));
            Assert.Equal(1f, exp(-float.Epsilon));
            Assert.Equal(float.PositiveInfinity, exp(float.MaxValue));
            Assert.Equal(0u, Bits(exp(-float.MaxValue)));
            Assert.Equal(float.PositiveInfinity, exp(89f));
            Assert.Equal(0u, Bits(exp(-104f)));
            Assert.True(exp(88.7f) is > 1e38f and < float.MaxValue);
            Assert.True(exp(-103.9f) is > 0f and < 1e-44f);
            AssertPointWithinContract(Exp, 1f, exp(1f));
            AssertPointWithinContract(Exp, -1f, exp(-1f));
        }
    }

    [Fact]
    public void Exp_OverflowAndUnderflowThresholds_MatchReference()
    {
        // The first float whose correctly rounded exp is +inf, and the first negative one whose
        // correctly rounded exp is 0, found from the reference rather than hard-coded.
        float overflow = 88f;
        while (!float.IsPositiveInfinity(Reference(Exp, overflow)))
        {
            overflow = MathF.BitIncrement(overflow);
        }

        float underflow = -103f;
        while (Reference(Exp, underflow) != 0f)
        {
            underflow = MathF.BitDecrement(underflow);
        }

        Assert.InRange(overflow, 88.72f, 88.73f);
        Assert.InRange(underflow, -103.98f, -103.97f);
        _output.WriteLine($"exp overflow threshold {overflow:R} (0x{Bits(overflow):X8}), underflow threshold {underflow:R} (0x{Bits(underflow):X8})");

        foreach (Func<float, float> exp in Exp.Implementations())
        {
            Assert.Equal(float.PositiveInfinity, exp(overflow));
            Assert.Equal(float.PositiveInfinity, exp(MathF.BitIncrement(overflow)));
            float belowOverflow = MathF.BitDecrement(overflow);
            AssertPointWithinContract(Exp, belowOverflow, exp(belowOverflow));
            Assert.True(float.IsFinite(exp(belowOverflow)));

            for (int step = -3; step <= 3; step++)
            {
                float x = FromBits((uint)(Bits(underflow) + step));
                AssertPointWithinContract(Exp, x, exp(x));
            }
        }
    }

    [Fact]
    public void Exp_NearDenormalAndNormalBoundary_IsWithinBound()
    {
        // Arguments whose results straddle the smallest normal (ln(2^-126) ~ -87.34) and the smallest denormal.
        var inputs = new List<float>();
        foreach (float center in new[] { -87.3365448f, -103.278931f, -103.972076f, -102.585793f, -100f, -95f })
        {
            uint bits = Bits(center);
            for (int step = -2000; step <= 2000; step++)
            {
                inputs.Add(FromBits((uint)(bits + step)));
            }
        }

        UlpStats stats = Sweep(Exp, inputs.Count, i => inputs[(int)i]);
        Report("exp, around the denormal boundaries", stats);
        AssertWithinContract(stats);
        Assert.True(stats.DenormalCount > 1000);
    }

    [Fact]
    public void Exp_MultiplesOfLn2_AreWithinBound()
    {
        // k * ln2 rounded to float: the reduction's worst case for cancellation, and results near powers of two.
        var inputs = new List<float>();
        for (int k = -152; k <= 130; k++)
        {
            float x = (float)(k * SysMath.Log(2.0));
            inputs.Add(MathF.BitDecrement(x));
            inputs.Add(x);
            inputs.Add(MathF.BitIncrement(x));
            inputs.Add(k * 0.693147182f);
            inputs.Add((k + 0.5f) * 0.693147182f);
        }

        UlpStats stats = Sweep(Exp, inputs.Count, i => inputs[(int)i]);
        Report("exp, multiples of ln2", stats);
        AssertWithinContract(stats);
    }

    [Fact]
    public void Log_SpecialValues_AreExact()
    {
        foreach (Func<float, float> log in Log.Implementations())
        {
            Assert.Equal(0u, Bits(log(1f)));
            Assert.Equal(float.NegativeInfinity, log(0f));
            Assert.Equal(float.NegativeInfinity, log(-0f));
            Assert.Equal(float.PositiveInfinity, log(float.PositiveInfinity));
            Assert.True(float.IsNaN(log(float.NegativeInfinity)));
            Assert.True(float.IsNaN(log(-1f)));
            Assert.True(float.IsNaN(log(-float.Epsilon)));
            Assert.True(float.IsNaN(log(-float.MaxValue)));
            Assert.True(float.IsNaN(log(float.NaN)));
            Assert.True(float.IsNaN(log(-float.NaN)));
            foreach (float x in new[] { 2.71828183f, float.Epsilon, 2 * float.Epsilon, LargestDenormal, SmallestNormal, float.MaxValue, 1.00000012f, 0.99999994f, 2f, 0.5f })
            {
                AssertPointWithinContract(Log, x, log(x));
            }

            Assert.InRange(log(float.Epsilon), -103.28f, -103.27f);
            Assert.InRange(log(float.MaxValue), 88.72f, 88.73f);
        }
    }

    [Fact]
    public void Log_PowersOfTwo_AreCorrectlyRounded()
    {
        // log(2^k) is k * ln2, computed from the ln2 split alone; it should round correctly, denormal powers included.
        foreach (Func<float, float> log in Log.Implementations())
        {
            for (int k = -149; k <= 127; k++)
            {
                float x = (float)SysMath.ScaleB(1.0, k);
                Assert.Equal(Reference(Log, x), log(x));
            }
        }
    }

    [Fact]
    public void MixedLanes_MatchScalarAndStayWithinBound()
    {
        // Special lanes send the whole register down the vector special path; the ordinary lanes next to them
        // must come out exactly as the scalar overload (and the fast path) computes them.
        float[] specials =
        {
            float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon,
            LargestDenormal, SmallestNormal, float.MaxValue, -float.MaxValue, 89f, -89f, -100f, 100f, -1f, -87.5f,
        };
        var random = new Random(20240611);
        var inputs = new float[8 * 50_000];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = random.Next(4) == 0
                ? specials[random.Next(specials.Length)]
                : (float)(random.NextDouble() * 200.0 - 100.0);
        }

        foreach (MathFunction function in new[] { Exp, Log })
        {
            UlpStats stats = Sweep(function, inputs.Length, i => inputs[i]);
            Report($"{function}, mixed special and ordinary lanes", stats);
            AssertWithinContract(stats);
        }
    }

    [Fact]
    public void UlpDistance_CountsRepresentableFloats()
    {
        // The measuring stick itself: it must be able to fail.
        Assert.Equal(0, UlpDistance(0f, -0f));
        Assert.Equal(1, UlpDistance(1f, MathF.BitIncrement(1f)));
        Assert.Equal(2, UlpDistance(float.Epsilon, -float.Epsilon));
        Assert.Equal(1, UlpDistance(float.MaxValue, float.PositiveInfinity));
        Assert.Equal(1, UlpDistance(LargestDenormal, SmallestNormal));
        Assert.Equal(0x00800000, UlpDistance(1f, 2f));
        Assert.Equal(long.MaxValue, UlpDistance(float.NaN, 1f));
        Assert.Equal(0, UlpDistance(float.NaN, -float.NaN));

        UlpStats wrong = Measure(Exp, new[] { 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f }, static x => x * 1.0000003f);
        Assert.False(wrong.WithinContract);
    }

    // ---- Measuring ----

    private static float Reference(MathFunction function, float x) => function.Reference(x);

    private void Report(string what, UlpStats stats) => UlpAccuracy.Report(_output, what, stats);
}
