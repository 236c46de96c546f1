using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using SysMath = System.Math;

namespace KernelGen.Tests.Numerics;

/// <summary>A <see cref="VectorMath"/> function under test: its two overloads and the correctly rounded
/// reference it is measured against.</summary>
internal sealed record MathFunction(
    string Name,
    Func<float, float> Scalar,
    Func<Vector256<float>, Vector256<float>> Vector,
    Func<float, float> Reference)
{
    /// <summary>The scalar overload, then lane 0 of a broadcast vector, then one lane among ordinary lanes (so
    /// a special value takes the vector special path next to ordinary lanes).</summary>
    public IEnumerable<Func<float, float>> Implementations()
    {
        yield return Scalar;
        yield return x => Vector(Vector256.Create(x)).GetElement(0);
        yield return x => Vector(Vector256.Create(0.5f, 1f, 2f, 3f, x, 0.25f, 1.5f, 7f)).GetElement(4);
    }

    public override string ToString() => Name;
}

/// <summary>
/// The accuracy contract of <see cref="VectorMath"/> and the measuring behind it: at most
/// <see cref="NormalBound"/> ulp where the reference is a normal float, at most <see cref="DenormalBound"/>
/// ulp of the denormal grid (an absolute error of at most 2^-149) where it is denormal or zero, infinite and
/// NaN references matched exactly, and every vector lane equal to the scalar overload bit for bit.
/// </summary>
/// <remarks>
/// Distances are measured on the ordered integer image of the floats, so crossing zero, the normal/denormal
/// boundary or MaxValue/infinity counts one step per representable float.
/// </remarks>
internal static class UlpAccuracy
{
    public const long NormalBound = 2;
    public const long DenormalBound = 1;

    public const float SmallestNormal = 1.17549435e-38f;
    public const float LargestDenormal = 1.17549421e-38f;

    /// <summary>Runs <paramref name="count"/> points from <paramref name="input"/> in parallel blocks.</summary>
    public static UlpStats Sweep(MathFunction function, long count, Func<long, float> input)
    {
        const int block = 1 << 16;
        long blocks = (count + block - 1) / block;
        var total = new UlpStats();
        var gate = new object();
        Parallel.For(0L, blocks, b =>
        {
            long start = b * block;
            var values = new float[(int)SysMath.Min(block, count - start)];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = input(start + i);
            }

            UlpStats part = Measure(function, values, null);
            lock (gate)
            {
                total.Add(part);
            }
        });
        return total;
    }

    /// <summary>Sweeps every <paramref name="stride"/>-th float of the ordered range from
    /// <paramref name="low"/> to <paramref name="high"/>, both included (an odd stride walks through all the
    /// low mantissa bits).</summary>
    public static UlpStats SweepBits(MathFunction function, float low, float high, int stride)
    {
        long first = Ordered(low);
        long count = (Ordered(high) - first) / stride + 1;
        return Sweep(function, count, i => FromOrdered(first + i * stride));
    }

    /// <summary>Sweeps <paramref name="count"/> evenly spaced values from <paramref name="low"/> to
    /// <paramref name="high"/>.</summary>
    public static UlpStats SweepUniform(MathFunction function, double low, double high, long count) =>
        Sweep(function, count, i => (float)(low + (high - low) * i / (count - 1)));

    /// <summary>Sweeps the <paramref name="radius"/> floats on either side of each of
    /// <paramref name="centers"/>.</summary>
    public static UlpStats SweepAround(MathFunction function, IReadOnlyList<float> centers, int radius)
    {
        int perCenter = 2 * radius + 1;
        return Sweep(function, (long)centers.Count * perCenter, i =>
            FromOrdered(Ordered(centers[(int)(i / perCenter)]) + i % perCenter - radius));
    }

    /// <summary>Measures one block through the vector overload (eight at a time, the tail padded) and the
    /// scalar overload, or through <paramref name="replacement"/> when testing the measuring itself.</summary>
    public static UlpStats Measure(MathFunction function, float[] values, Func<float, float>? replacement)
    {
        var stats = new UlpStats();
        int padded = (values.Length + 7) & ~7;
        var inputs = new float[padded];
        var results = new float[padded];
        Array.Copy(values, inputs, values.Length);
        Array.Fill(inputs, 1f, values.Length, padded - values.Length);
        for (int i = 0; i < padded; i += 8)
        {
            function.Vector(Vector256.LoadUnsafe(ref inputs[0], (nuint)i)).StoreUnsafe(ref results[0], (nuint)i);
        }

        for (int i = 0; i < values.Length; i++)
        {
            float x = values[i];
            float scalar = function.Scalar(x);
            float actual = replacement?.Invoke(x) ?? results[i];
            if (replacement is null && Bits(scalar) != Bits(actual))
            {
                stats.Record($"{function}({Show(x)}): vector {Show(actual)} but scalar {Show(scalar)}");
            }

            stats.Add(function, x, actual, function.Reference(x));
        }

        return stats;
    }

    public static void AssertPointWithinContract(MathFunction function, float x, float actual)
    {
        var stats = new UlpStats();
        stats.Add(function, x, actual, function.Reference(x));
        Assert.True(stats.WithinContract, string.Join(Environment.NewLine, stats.Failures));
    }

    public static void AssertWithinContract(UlpStats stats)
    {
        Assert.True(stats.WithinContract, $"{stats.FailureCount} failures, first: {Environment.NewLine}{string.Join(Environment.NewLine, stats.Failures)}");
        Assert.InRange(stats.MaxUlpNormal, 0, NormalBound);
        Assert.InRange(stats.MaxUlpDenormal, 0, DenormalBound);
    }

    public static void Report(ITestOutputHelper output, string what, UlpStats stats) =>
        output.WriteLine(
            $"{what}: {stats.Count:N0} points, max {stats.MaxUlpNormal} ulp on normal results (at x = {Show(stats.WorstNormal)}), " +
            $"max {stats.MaxUlpDenormal} denormal ulp on {stats.DenormalCount:N0} denormal/zero results" +
            (stats.DenormalCount > 0 ? $" (at x = {Show(stats.WorstDenormal)})" : "") +
            $", {stats.NotCorrectlyRounded:N0} not correctly rounded ({100.0 * stats.NotCorrectlyRounded / SysMath.Max(stats.Count, 1):F2}%), {stats.FailureCount} failures");

    /// <summary>Distance in representable floats, with -0 and +0 the same point; NaN is at no distance
    /// only from NaN.</summary>
    public static long UlpDistance(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b))
        {
            return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
        }

        return SysMath.Abs(Ordered(a) - Ordered(b));
    }

    /// <summary>The float's place on the number line: consecutive floats are consecutive integers, and
    /// both zeros are 0.</summary>
    public static long Ordered(float value)
    {
        int bits = BitConverter.SingleToInt32Bits(value);
        return bits >= 0 ? bits : -(long)(bits & int.MaxValue);
    }

    /// <summary>The inverse of <see cref="Ordered"/> (0 maps to +0).</summary>
    public static float FromOrdered(long ordered) =>
        ordered >= 0 ? FromBits((uint)ordered) : FromBits(0x80000000u | (uint)-ordered);

    public static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);

    public static float FromBits(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    public static string Show(float value) => $"{value:R} (0x{Bits(value):X8})";
}

/// <summary>What a sweep found: counts, the worst points and the first few contract failures.</summary>
internal sealed class UlpStats
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

    public void Add(MathFunction function, float x, float actual, float expected)
    {
        Count++;
        long ulp = UlpAccuracy.UlpDistance(actual, expected);
        if (ulp != 0)
        {
            NotCorrectlyRounded++;
        }

        bool exactRequired = float.IsNaN(expected) || float.IsInfinity(expected);
        bool denormal = !exactRequired && MathF.Abs(expected) < UlpAccuracy.SmallestNormal;
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

        bool ok = exactRequired ? ulp == 0 : ulp <= (denormal ? UlpAccuracy.DenormalBound : UlpAccuracy.NormalBound);
        if (!ok)
        {
            Record($"{function}({UlpAccuracy.Show(x)}) = {UlpAccuracy.Show(actual)}, expected {UlpAccuracy.Show(expected)} ({(ulp == long.MaxValue ? "NaN mismatch" : ulp + " ulp")})");
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

    public void Add(UlpStats other)
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
