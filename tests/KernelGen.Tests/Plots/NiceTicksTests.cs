using System;
using System.Linq;
using KernelGen.Plots;
using Xunit;

namespace KernelGen.Tests.Plots;

public sealed class NiceTicksTests
{
    [Theory]
    [InlineData(0.0, 1.0, 7, 0.0, 1.0, 0.2)]
    [InlineData(0.0, 0.93, 7, 0.0, 1.0, 0.2)]
    [InlineData(87.2, 93.0, 7, 87.0, 93.0, 1.0)]
    [InlineData(1.0, 15.0, 9, 0.0, 16.0, 2.0)]
    [InlineData(1.0, 15.0, 7, 0.0, 15.0, 5.0)]
    [InlineData(-3.7, 12.1, 7, -5.0, 15.0, 5.0)]
    [InlineData(0.2614, 0.6459, 7, 0.2, 0.7, 0.1)]
    [InlineData(0.0, 0.7, 8, 0.0, 0.7, 0.1)]
    public void LinearPicksTheExpectedRange(double min, double max, int maxTicks, double axisMin, double axisMax, double step)
    {
        TickScale scale = NiceTicks.Linear(min, max, maxTicks);
        Assert.Equal(axisMin, scale.Min, 12);
        Assert.Equal(axisMax, scale.Max, 12);
        Assert.Equal(step, scale.Step, 12);
    }

    [Fact]
    public void LinearTicksAreNiceAndCoverTheDataForRandomRanges()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 2000; trial++)
        {
            // Spans from 1e-6 to 1e6, offset from zero by up to 1000 spans: any range a chart realistically shows.
            double span = Math.Pow(10, random.NextDouble() * 12 - 6);
            double center = (random.NextDouble() - 0.5) * span * Math.Pow(10, random.Next(0, 4));
            double min = center - span * random.NextDouble();
            double max = min + span;
            int maxTicks = random.Next(3, 12);

            TickScale scale = NiceTicks.Linear(min, max, maxTicks);

            Assert.InRange(scale.Ticks.Count, 2, maxTicks);
            Assert.True(scale.Max > scale.Min);
            double slack = scale.Step * 1e-6;
            Assert.True(scale.Min <= min + slack && scale.Max >= max - slack, $"[{scale.Min}, {scale.Max}] must cover [{min}, {max}]");
            AssertNiceStep(scale.Step);
            for (int i = 0; i < scale.Ticks.Count; i++)
            {
                double multiple = scale.Ticks[i] / scale.Step;
                Assert.True(Math.Abs(multiple - Math.Round(multiple)) < 1e-6, $"tick {scale.Ticks[i]} is not a multiple of {scale.Step}");
                if (i > 0)
                    Assert.Equal(scale.Step, scale.Ticks[i] - scale.Ticks[i - 1], scale.Step * 1e-6);
            }
        }
    }

    [Fact]
    public void TickValuesHaveNoFloatingPointNoise()
    {
        TickScale scale = NiceTicks.Linear(0, 0.7, maxTicks: 8);
        Assert.Equal(new[] { 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7 }, scale.Ticks);
        Assert.Equal("0.3", NiceTicks.FormatLinear(scale.Ticks[3], scale.Step));
    }

    [Fact]
    public void DataAcrossZeroFitsInThreeTicks()
    {
        TickScale scale = NiceTicks.Linear(-7.2e-5, 8.9e-5, maxTicks: 3);
        Assert.Equal(new[] { -1e-4, 0, 1e-4 }, scale.Ticks);
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceTicks.Linear(0, 1, maxTicks: 2));
    }

    [Fact]
    public void MinimumStepKeepsEpochTicksWhole()
    {
        TickScale scale = NiceTicks.Linear(1, 3, maxTicks: 9, minStep: 1);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, scale.Ticks);
    }

    [Fact]
    public void FlatDataStillGetsARange()
    {
        TickScale zero = NiceTicks.Linear(0, 0);
        Assert.True(zero.Min < 0 && zero.Max > 0);
        TickScale flat = NiceTicks.Linear(5, 5);
        Assert.True(flat.Min < 5 && flat.Max > 5);
    }

    [Fact]
    public void LogTicksArePowersOfTen()
    {
        TickScale scale = NiceTicks.Log10(1e-5, 1);
        Assert.Equal(new[] { 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0 }, scale.Ticks);
        Assert.True(scale.IsLogarithmic);
        Assert.Equal("10⁻⁵", NiceTicks.FormatPowerOfTen(1e-5));
        Assert.Equal("10⁰", NiceTicks.FormatPowerOfTen(1));
        Assert.Equal("10³", NiceTicks.FormatPowerOfTen(1000));
    }

    [Fact]
    public void WideLogRangesSkipDecadesButStayOnPowersOfTen()
    {
        TickScale scale = NiceTicks.Log10(3e-12, 7e5, maxTicks: 6);
        Assert.InRange(scale.Ticks.Count, 2, 6);
        Assert.True(scale.Min <= 3e-12 && scale.Max >= 7e5);
        foreach (double tick in scale.Ticks)
            Assert.Equal(Math.Round(Math.Log10(tick)), Math.Log10(tick), 9);
    }

    [Fact]
    public void LogRangeInsideOneDecadeSpansThatDecade()
    {
        TickScale scale = NiceTicks.Log10(2e-3, 5e-3);
        Assert.Equal(new[] { 1e-3, 1e-2 }, scale.Ticks);
    }

    [Theory]
    [InlineData(0.7, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.2, 2.0)]
    [InlineData(3.0, 5.0)]
    [InlineData(7.0, 10.0)]
    [InlineData(0.013, 0.02)]
    [InlineData(420.0, 500.0)]
    public void NiceStepRoundsUpToOneTwoFive(double rough, double expected) =>
        Assert.Equal(expected, NiceTicks.NiceStep(rough), 12);

    internal static void AssertNiceStep(double step)
    {
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
        Assert.True(new[] { 1.0, 2.0, 5.0 }.Any(m => Math.Abs(mantissa - m) < 1e-6), $"step {step} is not 1, 2 or 5 x 10^k");
    }
}
