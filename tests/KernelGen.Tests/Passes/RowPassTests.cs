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

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_pass_that_overwrites_what_it_reads_takes_each_element_once(int n)
    {
        // The tail is the row's last vector again: its first lanes see elements the vector loop has already
        // overwritten with NaN, which must reach neither the sum nor memory.
        float[] x = Row(n, n);
        double sum = x.Sum(v => (double)v), scale = x.Sum(v => Math.Abs((double)v)) + 1;
        float[] row = [.. x, 5f];
        Assert.Equal(sum, RowPass.Run<SumThenPoisonOperator, SumAccumulator>(new(), new(row), n).Value, 1e-6 * scale);
        Assert.All(row.Take(n), v => Assert.True(float.IsNaN(v)));
        Assert.Equal(5f, row[n]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void An_in_place_update_is_applied_to_each_element_exactly_once(int n)
    {
        float[] x = Row(n, n);
        float[] row = [.. x, 5f];
        RowPass.Run<DoubleInPlaceOperator, NoAccumulator>(new(), new(row), n);
        for (int i = 0; i < n; i++) Assert.Equal(2.0 * x[i] + 1.0, row[i], 1e-6 * (Math.Abs(2.0 * x[i]) + 1));
        Assert.Equal(5f, row[n]);
    }

    [Theory]
    [InlineData(9, 8)]      // the tail's only element
    [InlineData(13, 9)]     // inside a tail of five
    [InlineData(13, 7)]     // in the vector loop, and again in the tail's first lanes
    [InlineData(71, 70)]    // after the unrolled loop and a single vector
    [InlineData(5, 3)]      // a row shorter than a vector
    public void A_one_hot_mask_sees_each_lane_s_element_index(int n, int label)
    {
        float[] x = Row(n, n);
        Assert.Equal(x[label], RowPass.Run<PickOperator, SumAccumulator>(new(label), new(x), n).Value);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    [InlineData(1024)]
    [InlineData(3001)]
    public void One_vector_at_a_time_computes_what_the_unrolled_loop_does(int n)
    {
        // Blocks of 1024 elements with an accumulator each, and a tail out of line: the same sum, max and writes.
        float[] x = Row(n, n);
        double sum = x.Sum(v => (double)v), scale = x.Sum(v => Math.Abs((double)v)) + 1;
        Assert.Equal(sum, RowPass.RunOneVectorAtATime<SumOperator, SumAccumulator>(new(), new(x), n).Value, 1e-6 * scale);
        var both = RowPass.RunOneVectorAtATime<MaxMinOperator, Accumulators<MaxAccumulator, MinAccumulator>>(new(), new(x), n);
        Assert.Equal(n == 0 ? float.NegativeInfinity : x.Max(), both.First.Value);
        Assert.Equal(n == 0 ? float.PositiveInfinity : x.Min(), both.Second.Value);
        float[] row = [.. x, 5f];
        RowPass.RunOneVectorAtATime<DoubleInPlaceOperator, NoAccumulator>(new(), new(row), n);
        for (int i = 0; i < n; i++) Assert.Equal(2.0 * x[i] + 1.0, row[i], 1e-6 * (Math.Abs(2.0 * x[i]) + 1));
        Assert.Equal(5f, row[n]);
    }

    [Fact]
    public void One_vector_at_a_time_keeps_a_sum_of_two_million_exps_to_float_accuracy()
    {
        // One accumulator over the whole row lost four digits here (relative error 2e-4 at a million elements).
        const int n = 1 << 21;
        float[] x = Row(n, 7, 90f, 99f);
        var (max, sum) = RowPass.RunOneVectorAtATime<RunningOperator, RunningMaxSumAccumulator>(new(), new(x), n);
        double expected = x.Sum(v => Math.Exp(v - (double)max));
        Assert.Equal(x.Max(), max);
        Assert.Equal(expected, sum, 1e-5 * expected);
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
