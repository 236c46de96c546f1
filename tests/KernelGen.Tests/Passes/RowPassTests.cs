using System;
using System.Linq;
using KernelGen.CompilerServices;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>
/// The runtime's pass driver against float64, at every row length around the unrolled loop's boundaries (4 vectors,
/// 1 vector, the tail): each reduction, a write with scalars from outside the loop, several reductions at once, and
/// the accumulator too large for four copies.
/// </summary>
public sealed class RowPassTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        foreach (int n in Enumerable.Range(0, 72).Concat(new[] { 255, 256, 257, 1000, 4099 })) data.Add(n);
        return data;
    }

    private static float[] Row(int n, int seed, float low = -10f, float high = 10f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(low + (high - low) * random.NextDouble())).ToArray();
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_sum_and_a_dot_product_agree_with_float64(int n)
    {
        float[] x = Row(n, n), y = Row(n, n + 1);
        double sum = x.Sum(v => (double)v), dot = x.Zip(y, (a, b) => (double)a * b).Sum();
        double scale = x.Sum(v => Math.Abs((double)v)) + 1;
        Assert.Equal(sum, RowPass.Run<SumOperator, SumAccumulator>(new(), new(x), n).Value, 1e-6 * scale);
        Assert.Equal(dot, RowPass.Run<DotOperator, SumAccumulator>(new(), new(x, y), n).Value, 1e-5 * scale * 10);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Max_and_min_in_one_pass_are_exact(int n)
    {
        float[] x = Row(n, n);
        var both = RowPass.Run<MaxMinOperator, Accumulators<MaxAccumulator, MinAccumulator>>(new(), new(x), n);
        Assert.Equal(n == 0 ? float.NegativeInfinity : x.Max(), both.First.Value);
        Assert.Equal(n == 0 ? float.PositiveInfinity : x.Min(), both.Second.Value);
    }

    [Theory]
    [InlineData(5, 2)]    // in the tail only
    [InlineData(40, 3)]   // in the unrolled loop
    [InlineData(45, 43)]  // in the tail after it
    public void A_NaN_anywhere_makes_the_max_and_the_min_NaN(int n, int at)
    {
        float[] x = Row(n, n);
        x[at] = float.NaN;
        var both = RowPass.Run<MaxMinOperator, Accumulators<MaxAccumulator, MinAccumulator>>(new(), new(x), n);
        Assert.True(float.IsNaN(both.First.Value));
        Assert.True(float.IsNaN(both.Second.Value));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void The_running_max_and_sum_of_exps_agree_with_float64_on_logits_90_to_99(int n)
    {
        if (n == 0) return;
        float[] x = Row(n, n, 90f, 99f);
        var (max, sum) = RowPass.Run<RunningOperator, RunningMaxSumAccumulator>(new(), new(x), n);
        Assert.Equal(x.Max(), max);
        double expected = x.Sum(v => Math.Exp(v - (double)x.Max()));
        Assert.Equal(expected, sum, 2e-6 * expected);
    }

    [Fact]
    public void The_running_max_starts_below_every_finite_value_and_survives_negative_infinity()
    {
        float[] x = [float.NegativeInfinity, float.NegativeInfinity, -3f, float.NegativeInfinity, 2f, 1f, 0f, -1f, -2f];
        var (max, sum) = RowPass.Run<RunningOperator, RunningMaxSumAccumulator>(new(), new(x), x.Length);
        Assert.Equal(2f, max);
        double expected = x.Sum(v => Math.Exp(v - 2.0));
        Assert.Equal(expected, sum, 1e-6);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_write_covers_every_element_of_the_row_and_nothing_after_it(int n)
    {
        float[] x = Row(n, n);
        float[] output = Enumerable.Repeat(-7f, n + 9).ToArray();
        RowPass.Run<ScaledExpOperator, NoAccumulator>(new(3f, 0.5f), new(x, output), n);
        // The oracle takes x - 3 as float arithmetic gives it; exp and the product then add at most a few ulps.
        for (int i = 0; i < n; i++)
        {
            double expected = Math.Exp((double)(x[i] - 3f)) * 0.5;
            Assert.Equal(expected, output[i], 3e-7 * expected);
        }
        for (int i = n; i < n + 9; i++) Assert.Equal(-7f, output[i]);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1003)]
    public void Five_reductions_at_once_each_agree_with_float64(int n)
    {
        float[] x = Row(n, n);
        var sums = RowPass.Run<FiveSumsOperator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, SumAccumulator>>>>>(new(), new(x), n);
        double sum = x.Sum(v => (double)v), scale = x.Sum(v => Math.Abs((double)v));
        float[] got = [sums.First.Value, sums.Second.First.Value, sums.Second.Second.First.Value, sums.Second.Second.Second.First.Value, sums.Second.Second.Second.Second.Value];
        for (int k = 0; k < 5; k++) Assert.Equal((k + 1) * sum, got[k], 1e-5 * (k + 1) * scale);
    }

    [Fact]
    public void Each_of_the_eight_streams_is_its_own_span_and_a_ninth_is_refused()
    {
        Assert.Equal(8, RowStreams.Capacity);
        var spans = Enumerable.Range(0, RowStreams.Capacity).Select(k => Enumerable.Repeat((float)k, 10).ToArray()).ToArray();
        var streams = new RowStreams(spans[0], spans[1], spans[2], spans[3], spans[4], spans[5], spans[6], spans[7]);
        for (int k = 0; k < RowStreams.Capacity; k++)
            Assert.Equal(10f * k, RowPass.Run<StreamSumOperator, SumAccumulator>(new(k), streams, 10).Value);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RowPass.Run<StreamSumOperator, SumAccumulator>(new(8), new(spans[0]), 10));
        Assert.Contains("at most 8 streams", error.Message);
    }
}
