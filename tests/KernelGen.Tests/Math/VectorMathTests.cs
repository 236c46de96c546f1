using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using SysMath = System.Math;

namespace KernelGen.Tests.Numerics;

/// <summary>
/// Accuracy of <see cref="VectorMath"/> against the correctly rounded result: <see cref="SysMath.Exp(double)"/>
/// and <see cref="SysMath.Log(double)"/> in double, rounded to float.
/// </summary>
/// <remarks>
/// The rules asserted are the documented contract: at most <see cref="NormalBound"/> ulp where the reference
/// is a normal float, and at most <see cref="DenormalBound"/> ulp of the denormal grid (an
/// absolute error of at most 2^-149) where the reference is denormal or zero. Distances are measured on the
/// ordered integer image of the floats, so crossing zero, the normal/denormal boundary or MaxValue/infinity
/// counts one step per representable float. On top of that: infinite and NaN references must be matched
/// exactly, and every vector lane must equal the scalar overload bit for bit.
/// </remarks>
public sealed class VectorMathTests
{
    private const long NormalBound = 2;
    private const long DenormalBound = 1;

    private const float SmallestNormal = 1.17549435e-38f;
    private const float LargestDenormal = 1.17549421e-38f;

    private readonly ITestOutputHelper _output;

    public VectorMathTests(ITestOutputHelper output) => _output = output;

    private enum Function
    {
        Exp,
        Log,
    }

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
        Stats stats = Sweep(Function.Exp, positiveCount + negativeCount, i =>
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
        Stats stats = Sweep(Function.Exp, count, i => (float)(low + (high - low) * i / (count - 1)));

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
        Stats stats = Sweep(Function.Log, count, i => FromBits((uint)(1 + i * stride)));

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
        Stats stats = Sweep(Function.Log, aroundOne + denormals, i =>
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
        foreach (Func<float, float> exp in Implementations(Function.Exp))
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
            AssertPointWithinContract(Function.Exp, 1f, exp(1f));
            AssertPointWithinContract(Function.Exp, -1f, exp(-1f));
        }
    }

    [Fact]
    public void Exp_OverflowAndUnderflowThresholds_MatchReference()
    {
        // The first float whose correctly rounded exp is +inf, and the first negative one whose
        // correctly rounded exp is 0, found from the reference rather than hard-coded.
        float overflow = 88f;
        while (!float.IsPositiveInfinity(Reference(Function.Exp, overflow)))
        {
            overflow = MathF.BitIncrement(overflow);
        }

        float underflow = -103f;
        while (Reference(Function.Exp, underflow) != 0f)
        {
            underflow = MathF.BitDecrement(underflow);
        }

        Assert.InRange(overflow, 88.72f, 88.73f);
        Assert.InRange(underflow, -103.98f, -103.97f);
        _output.WriteLine($"exp overflow threshold {overflow:R} (0x{Bits(overflow):X8}), underflow threshold {underflow:R} (0x{Bits(underflow):X8})");

        foreach (Func<float, float> exp in Implementations(Function.Exp))
        {
            Assert.Equal(float.PositiveInfinity, exp(overflow));
            Assert.Equal(float.PositiveInfinity, exp(MathF.BitIncrement(overflow)));
            float belowOverflow = MathF.BitDecrement(overflow);
            AssertPointWithinContract(Function.Exp, belowOverflow, exp(belowOverflow));
            Assert.True(float.IsFinite(exp(belowOverflow)));

            for (int step = -3; step <= 3; step++)
            {
                float x = FromBits((uint)(Bits(underflow) + step));
                AssertPointWithinContract(Function.Exp, x, exp(x));
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

        Stats stats = Sweep(Function.Exp, inputs.Count, i => inputs[(int)i]);
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

        Stats stats = Sweep(Function.Exp, inputs.Count, i => inputs[(int)i]);
        Report("exp, multiples of ln2", stats);
        AssertWithinContract(stats);
    }

    [Fact]
    public void Log_SpecialValues_AreExact()
    {
        foreach (Func<float, float> log in Implementations(Function.Log))
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
                AssertPointWithinContract(Function.Log, x, log(x));
            }

            Assert.InRange(log(float.Epsilon), -103.28f, -103.27f);
            Assert.InRange(log(float.MaxValue), 88.72f, 88.73f);
        }
    }

    [Fact]
    public void Log_PowersOfTwo_AreCorrectlyRounded()
    {
        // log(2^k) is k * ln2, computed from the ln2 split alone; it should round correctly, denormal powers included.
        foreach (Func<float, float> log in Implementations(Function.Log))
        {
            for (int k = -149; k <= 127; k++)
            {
                float x = (float)SysMath.ScaleB(1.0, k);
                Assert.Equal(Reference(Function.Log, x), log(x));
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

        foreach (Function function in new[] { Function.Exp, Function.Log })
        {
            Stats stats = Sweep(function, inputs.Length, i => inputs[i]);
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

        Stats wrong = Measure(Function.Exp, new[] { 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f }, static x => x * 1.0000003f);
        Assert.False(wrong.WithinContract);
    }

    // ---- Measuring ----

    private static IEnumerable<Func<float, float>> Implementations(Function function)
    {
        yield return function == Function.Exp ? VectorMath.Exp : VectorMath.Log;
        // Broadcast, and alone among ordinary lanes (so a special value takes the special path next to ordinary lanes).
        yield return x => Vector(function, Vector256.Create(x)).GetElement(0);
        yield return x => Vector(function, Vector256.Create(0.5f, 1f, 2f, 3f, x, 0.25f, 1.5f, 7f)).GetElement(4);
    }

    private static Vector256<float> Vector(Function function, Vector256<float> x) =>
        function == Function.Exp ? VectorMath.Exp(x) : VectorMath.Log(x);

    private static float Scalar(Function function, float x) =>
        function == Function.Exp ? VectorMath.Exp(x) : VectorMath.Log(x);

    private static float Reference(Function function, float x) =>
        (float)(function == Function.Exp ? SysMath.Exp(x) : SysMath.Log(x));

    /// <summary>Runs <paramref name="count"/> points from <paramref name="input"/> in parallel blocks.</summary>
    private static Stats Sweep(Function function, long count, Func<long, float> input)
    {
        const int block = 1 << 16;
        long blocks = (count + block - 1) / block;
        var total = new Stats();
        var gate = new object();
        Parallel.For(0L, blocks, b =>
        {
            long start = b * block;
            var values = new float[(int)SysMath.Min(block, count - start)];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = input(start + i);
            }

            Stats part = Measure(function, values, null);
            lock (gate)
            {
                total.Add(part);
            }
        });
        return total;
    }

    /// <summary>Measures one block through the vector overload (eight at a time, the tail padded) and the
    /// scalar overload, or through <paramref name="replacement"/> when testing the measuring itself.</summary>
    private static Stats Measure(Function function, float[] values, Func<float, float>? replacement)
    {
        var stats = new Stats();
        int padded = (values.Length + 7) & ~7;
        var inputs = new float[padded];
        var results = new float[padded];
        Array.Copy(values, inputs, values.Length);
        Array.Fill(inputs, 1f, values.Length, padded - values.Length);
        for (int i = 0; i < padded; i += 8)
        {
            Vector(function, Vector256.LoadUnsafe(ref inputs[0], (nuint)i)).StoreUnsafe(ref results[0], (nuint)i);
        }

        for (int i = 0; i < values.Length; i++)
        {
            float x = values[i];
            float scalar = Scalar(function, x);
            float actual = replacement?.Invoke(x) ?? results[i];
            if (replacement is null && Bits(scalar) != Bits(actual))
            {
                stats.Record($"{function}({Show(x)}): vector {Show(actual)} but scalar {Show(scalar)}");
            }

            stats.Add(function, x, actual, Reference(function, x));
        }

        return stats;
    }

    private static void AssertPointWithinContract(Function function, float x, float actual)
    {
        var stats = new Stats();
        stats.Add(function, x, actual, Reference(function, x));
        Assert.True(stats.WithinContract, string.Join(Environment.NewLine, stats.Failures));
    }

    private static void AssertWithinContract(Stats stats)
    {
        Assert.True(stats.WithinContract, $"{stats.FailureCount} failures, first: {Environment.NewLine}{string.Join(Environment.NewLine, stats.Failures)}");
        Assert.InRange(stats.MaxUlpNormal, 0, NormalBound);
        Assert.InRange(stats.MaxUlpDenormal, 0, DenormalBound);
    }

    private void Report(string what, Stats stats) =>
        _output.WriteLine(
            $"{what}: {stats.Count:N0} points, max {stats.MaxUlpNormal} ulp on normal results (at x = {Show(stats.WorstNormal)}), " +
            $"max {stats.MaxUlpDenormal} denormal ulp on {stats.DenormalCount:N0} denormal/zero results" +
            (stats.DenormalCount > 0 ? $" (at x = {Show(stats.WorstDenormal)})" : "") +
            $", {stats.NotCorrectlyRounded:N0} not correctly rounded, {stats.FailureCount} failures");

    /// <summary>Distance in representable floats, with -0 and +0 the same point; NaN is at no distance
    /// only from NaN.</summary>
    private static long UlpDistance(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b))
        {
            return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
        }

        return SysMath.Abs(Ordered(a) - Ordered(b));
    }

    private static long Ordered(float value)
    {
        int bits = BitConverter.SingleToInt32Bits(value);
        return bits >= 0 ? bits : -(long)(bits & int.MaxValue);
    }

    private static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);

    private static float FromBits(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    private static string Show(float value) => $"{value:R} (0x{Bits(value):X8})";

    private sealed class Stats
    {
        private const int KeptFailures = 10;

        public long Count { get; private set; }
        public long DenormalCount { get; private set; }
        public long InfinityCount { get; private set; }
        public long NotCorrectlyRounded { get; private set; }
        public long MaxUlpNormal { get; private set; }
        public long MaxUlpDenormal { get; private set; }
        public float WorstNormal { get; private set; }
        public float WorstDenormal { get; private set; }
        public long FailureCount { get; private set; }
        public List<string> Failures { get; } = new();

        public bool WithinContract => FailureCount == 0;

        public void Add(Function function, float x, float actual, float expected)
        {
            Count++;
            long ulp = UlpDistance(actual, expected);
            if (ulp != 0)
            {
                NotCorrectlyRounded++;
            }

            bool exactRequired = float.IsNaN(expected) || float.IsInfinity(expected);
            bool denormal = !exactRequired && MathF.Abs(expected) < SmallestNormal;
            if (float.IsInfinity(expected))
            {
                InfinityCount++;
            }

            if (denormal)
            {
                DenormalCount++;
                if (ulp > MaxUlpDenormal)
                {
                    MaxUlpDenormal = ulp;
                    WorstDenormal = x;
                }
            }
            else if (ulp > MaxUlpNormal)
            {
                MaxUlpNormal = ulp;
                WorstNormal = x;
            }

            bool ok = exactRequired ? ulp == 0 : ulp <= (denormal ? DenormalBound : NormalBound);
            if (!ok)
            {
                Record($"{function}({Show(x)}) = {Show(actual)}, expected {Show(expected)} ({(ulp == long.MaxValue ? "NaN mismatch" : ulp + " ulp")})");
            }
        }

        public void Record(string failure)
        {
            FailureCount++;
            if (Failures.Count < KeptFailures)
            {
                Failures.Add(failure);
            }
        }

        public void Add(Stats other)
        {
            Count += other.Count;
            DenormalCount += other.DenormalCount;
            InfinityCount += other.InfinityCount;
            NotCorrectlyRounded += other.NotCorrectlyRounded;
            if (other.MaxUlpNormal > MaxUlpNormal)
            {
                MaxUlpNormal = other.MaxUlpNormal;
                WorstNormal = other.WorstNormal;
            }

            if (other.MaxUlpDenormal > MaxUlpDenormal)
            {
                MaxUlpDenormal = other.MaxUlpDenormal;
                WorstDenormal = other.WorstDenormal;
            }

            FailureCount += other.FailureCount;
            foreach (string failure in other.Failures)
            {
                if (Failures.Count < KeptFailures)
                {
                    Failures.Add(failure);
                }
            }
        }
    }
}
