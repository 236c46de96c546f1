using System;
using KernelGen.Metrics;
using Xunit;

namespace KernelGen.Tests.Metrics;

public sealed class AccuracyTests
{
    [Theory]
    [InlineData(new float[] { 0.1f, 0.7f, 0.2f }, 1)]
    [InlineData(new float[] { 5f }, 0)]
    [InlineData(new float[] { 3f, 1f, 3f, 3f }, 0)]          // ties: the first maximum
    [InlineData(new float[] { -5f, -2f, -2f }, 1)]
    [InlineData(new float[] { 1f, float.PositiveInfinity, 2f }, 1)]
    [InlineData(new float[] { float.NegativeInfinity, float.NegativeInfinity }, 0)]
    [InlineData(new float[] { 1f, float.NaN, 9f, float.NaN }, 1)] // NaN wins: the first NaN
    [InlineData(new float[] { float.NaN, 9f }, 0)]
    [InlineData(new float[] { -0f, 0f }, 0)]                  // -0 == +0: a tie
    public void ArgMaxFindsTheFirstMaximumAndTheFirstNaN(float[] values, int expected) =>
        Assert.Equal(expected, Accuracy.ArgMax(values));

    [Fact]
    public void ArgMaxOfNothingIsAnError() =>
        Assert.Throws<ArgumentException>(() => Accuracy.ArgMax(ReadOnlySpan<float>.Empty));

    [Fact]
    public void ArgMaxRowsPredictsEachRow()
    {
        float[] scores =
        {
            0.1f, 0.2f, 0.7f,
            0.9f, 0.0f, 0.1f,
            0.3f, 0.4f, 0.3f,
        };
        var predictions = new int[3];
        Accuracy.ArgMaxRows(scores, classes: 3, predictions);
        Assert.Equal(new[] { 2, 0, 1 }, predictions);
        Assert.Throws<ArgumentException>(() => Accuracy.ArgMaxRows(scores, classes: 4, new int[2]));
    }

    [Fact]
    public void OfCountsMatches()
    {
        Assert.Equal(0.75, Accuracy.Of(new[] { 1, 2, 3, 4 }, new[] { 1, 2, 0, 4 }));
        Assert.True(double.IsNaN(Accuracy.Of(ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty)));
        Assert.Throws<ArgumentException>(() => Accuracy.Of(new[] { 1 }, new[] { 1, 2 }));
    }
}
