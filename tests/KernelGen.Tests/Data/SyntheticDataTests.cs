using System;
using System.Linq;
using KernelGen.Data;
using Xunit;

namespace KernelGen.Tests.Data;

/// <summary><see cref="SyntheticData"/>: shape, seeding, and that least squares on the set recovers the model it was drawn from.</summary>
public sealed class SyntheticDataTests
{
    [Fact]
    public void D2l_set_has_1000_examples_of_2_features_and_one_target()
    {
        Dataset set = SyntheticData.D2lLinearRegression();

        Assert.Equal((1000, 1, 2, 2, 1, 0), (set.Count, set.Rows, set.Columns, set.Features, set.TargetLength, set.Classes));
        Assert.False(set.HasLabels);
        Assert.Equal(2000, set.Pixels.Length);
        Assert.Equal(1000, set.Targets.Length);
        Assert.Equal(new[] { 2f, -3.4f }, SyntheticData.D2lWeights);
        Assert.Equal(4.2f, SyntheticData.D2lBias);
    }

    [Fact]
    public void The_same_seed_gives_the_same_bits_and_another_seed_other_values()
    {
        Dataset first = SyntheticData.D2lLinearRegression(seed: 7);
        Dataset again = SyntheticData.D2lLinearRegression(seed: 7);
        Dataset other = SyntheticData.D2lLinearRegression(seed: 8);

        Assert.Equal(Bits(first.Pixels), Bits(again.Pixels));
        Assert.Equal(Bits(first.Targets), Bits(again.Targets));
        // Not one feature or target in common: the streams are unrelated.
        Assert.All(Enumerable.Range(0, first.Pixels.Length), i => Assert.NotEqual(first.Pixels[i], other.Pixels[i]));
        Assert.All(Enumerable.Range(0, first.Targets.Length), i => Assert.NotEqual(first.Targets[i], other.Targets[i]));
        Assert.Equal(Bits(SyntheticData.D2lLinearRegression().Targets), Bits(SyntheticData.D2lLinearRegression(seed: 0).Targets));
    }

    [Fact]
    public void Least_squares_recovers_the_weights_bias_and_noise_level()
    {
        Dataset set = SyntheticData.D2lLinearRegression();

        (double[] w, double b, double residualStd) = LeastSquares(set);

        Assert.InRange(w[0], 2 - 0.01, 2 + 0.01);
        Assert.InRange(w[1], -3.4 - 0.01, -3.4 + 0.01);
        Assert.InRange(b, 4.2 - 0.01, 4.2 + 0.01);
        Assert.InRange(residualStd, 0.008, 0.012);
    }

    [Fact]
    public void Features_are_standard_normal()
    {
        Dataset set = SyntheticData.LinearRegression([1f, 1f, 1f, 1f, 1f], 0f, 4000, seed: 3);

        double mean = set.Pixels.ToArray().Average(x => (double)x);
        double variance = set.Pixels.ToArray().Average(x => (x - mean) * (x - mean));
        // 20000 draws: the standard errors are 0.007 for the mean and 0.01 for the variance.
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
        Assert.InRange(set.Pixels.ToArray().Count(x => Math.Abs(x) < 1) / 20000.0, 0.67, 0.70); // 68.3% within one sigma
    }

    [Fact]
    public void Without_noise_each_target_is_the_model_on_the_stored_features_rounded_once()
    {
        float[] w = [1.5f, -2f, 0.3f];
        Dataset set = SyntheticData.LinearRegression(w, 0.25f, 50, noiseStd: 0f, seed: 11);

        for (int i = 0; i < set.Count; i++)
        {
            ReadOnlySpan<float> x = set.Image(i);
            double y = 0.25f + (double)x[0] * w[0] + (double)x[1] * w[1] + (double)x[2] * w[2];
            Assert.Equal((float)y, set.Target(i)[0]);
        }
    }

    [Fact]
    public void The_noise_level_is_the_one_asked_for()
    {
        Dataset exact = SyntheticData.LinearRegression([0.5f], 1f, 5000, noiseStd: 0f, seed: 5);
        Dataset noisy = SyntheticData.LinearRegression([0.5f], 1f, 5000, noiseStd: 2f, seed: 5);

        // The same seed draws the same features; the targets differ by 2 x a standard normal.
        Assert.Equal(Bits(exact.Pixels), Bits(noisy.Pixels));
        double[] noise = Enumerable.Range(0, 5000).Select(i => (double)noisy.Targets[i] - exact.Targets[i]).ToArray();
        double std = Math.Sqrt(noise.Average(e => e * e));
        Assert.InRange(std, 1.94, 2.06);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SyntheticData.LinearRegression([], 0f, 10));
        Assert.Throws<ArgumentException>(() => SyntheticData.LinearRegression([float.NaN], 0f, 10));
        Assert.Throws<ArgumentException>(() => SyntheticData.LinearRegression([1f], float.PositiveInfinity, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.LinearRegression([1f], 0f, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.LinearRegression([1f], 0f, 10, noiseStd: -0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.LinearRegression([1f], 0f, 10, noiseStd: float.NaN));
        Assert.Equal(0, SyntheticData.LinearRegression([1f], 0f, 0).Count);
    }

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        return bits;
    }

    /// <summary>Ordinary least squares with an intercept (the shared normal-equation solver), and the residuals' standard deviation.</summary>
    private static (double[] Weights, double Bias, double ResidualStd) LeastSquares(Dataset set)
    {
        int d = set.Features, count = set.Count;
        var (weights, bias) = KernelGen.Tests.Infrastructure.LeastSquares.Solve(set.Pixels, set.Targets, count, d);
        double sumSquares = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> x = set.Image(i);
            double predicted = bias;
            for (int j = 0; j < d; j++) predicted += weights[j] * x[j];
            double residual = set.Target(i)[0] - predicted;
            sumSquares += residual * residual;
        }
        return (weights, bias, Math.Sqrt(sumSquares / (count - d - 1)));
    }
}
