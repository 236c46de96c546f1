using System;
using System.Linq;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Values;

/// <summary>
/// A kernel with an online max+sum pass has two schedules, picked by the row's length: the cache-resident
/// one (every exp computed once and kept in an output span) up to 2^20 elements, and the streaming one
/// beyond. The catalog tests run the first; these run both sides of the limit against the float64 oracle,
/// and the in-place calls that must not take the stash (it would overwrite an input still to be read).
/// </summary>
public sealed class ScheduleChoiceTests
{
    private const double Tolerance = 1e-6;

    /// <summary>
    /// The rounding error of a row's float sums. The kernels sum a row in 32 float partial sums (four
    /// accumulators of eight lanes), each over n / 32 terms, so the error grows like sqrt(n / 32) roundings of
    /// 2^-24 (the random-walk estimate; 4 of them for headroom). At 2^20 elements that is 4e-5: past what a
    /// fixed tolerance for short rows allows, and the same for both schedules.
    /// </summary>
    private static double SumTolerance(int n) => 4 * Math.Sqrt(n / 32.0) * Math.Pow(2, -24);

    /// <summary>The limit, the first length past it, and a longer row with a tail.</summary>
    public static readonly TheoryData<int> LengthsAroundTheLimit = new() { 1 << 20, (1 << 20) + 1, (1 << 20) + 4099 };

    [Theory]
    [MemberData(nameof(LengthsAroundTheLimit))]
    public void Softmax_forward_matches_oracle_on_both_schedules(int n)
    {
        var x = TestData.Normal(new Random(n), n);
        var actual = new float[n];
        CatalogKernels.SoftmaxKernel.Forward(x, actual);
        AssertClose(Oracle.Softmax(Oracle.ToDouble(x)), actual, "softmax", SumTolerance(n));
    }

    [Theory]
    [MemberData(nameof(LengthsAroundTheLimit))]
    public void Softmax_vjp_matches_oracle_on_both_schedules(int n)
    {
        var random = new Random(n);
        var x = TestData.Normal(random, n);
        var dy = TestData.Normal(random, n, 1);
        var result = new float[n];
        var dx = new float[n];
        CatalogKernels.SoftmaxKernel.ForwardBackward(x, dy, result, dx);
        var y = Oracle.Softmax(Oracle.ToDouble(x));
        double dot = y.Select((v, i) => v * dy[i]).Sum();
        AssertClose(y, result, "result", SumTolerance(n));
        AssertCloseAbsolute(y.Select((v, i) => v * (dy[i] - dot)).ToArray(), dx, "dx", SumTolerance(n));
    }

    [Theory]
    [MemberData(nameof(LengthsAroundTheLimit))]
    public void CrossEntropy_value_and_gradient_match_oracle_on_both_schedules(int n)
    {
        var random = new Random(n);
        var z = TestData.Normal(random, n);
        int label = random.Next(n);
        var dz = new float[n];
        float value = CatalogKernels.CrossEntropyKernel.ForwardBackward(z, label, dz);
        var zd = Oracle.ToDouble(z);
        Assert.InRange(Math.Abs(value - Oracle.CrossEntropy(zd, label)) / Math.Max(1, Oracle.CrossEntropy(zd, label)), 0, Tolerance + SumTolerance(n));
        var expected = Oracle.Softmax(zd);
        expected[label] -= 1;
        AssertCloseAbsolute(expected, dz, "dz", SumTolerance(n));
    }

    [Theory]
    [MemberData(nameof(LengthsAroundTheLimit))]
    public void LogSumExp_matches_oracle_on_both_schedules(int n)
    {
        var x = TestData.Normal(new Random(n), n);
        float value = CatalogKernels.LogSumExpWithTemperatureKernel.Forward(x, 1f);
        double expected = Oracle.LogSumExp(Oracle.ToDouble(x));
        Assert.InRange(Math.Abs(value - expected) / Math.Max(1, Math.Abs(expected)), 0, Tolerance + SumTolerance(n));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public void Softmax_backward_in_place_over_the_upstream_gradient_is_right(int n)
    {
        var random = new Random(n);
        var x = TestData.Normal(random, n);
        var dy = TestData.Normal(random, n, 1);

        // dx written over dResult: the stash in dx would destroy dResult before the last pass reads it, so
        // this call takes the streaming schedule (its sums round differently: compared with the oracle).
        var shared = (float[])dy.Clone();
        var result = new float[n];
        CatalogKernels.SoftmaxKernel.ForwardBackward(x, shared, result, shared);
        var y = Oracle.Softmax(Oracle.ToDouble(x));
        double dot = y.Select((v, i) => v * dy[i]).Sum();
        AssertClose(y, result, "result");
        AssertCloseAbsolute(y.Select((v, i) => v * (dy[i] - dot)).ToArray(), shared, "dx");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public void Softmax_and_cross_entropy_in_place_over_their_input_equal_out_of_place(int n)
    {
        var random = new Random(n);
        var x = TestData.Normal(random, n);
        int label = random.Next(n);

        var expected = new float[n];
        CatalogKernels.SoftmaxKernel.Forward(x, expected);
        var inPlace = (float[])x.Clone();
        CatalogKernels.SoftmaxKernel.Forward(inPlace, inPlace);
        Assert.Equal(expected, inPlace);

        var expectedDz = new float[n];
        float expectedValue = CatalogKernels.CrossEntropyKernel.ForwardBackward(x, label, expectedDz);
        var logits = (float[])x.Clone();
        float value = CatalogKernels.CrossEntropyKernel.ForwardBackward(logits, label, logits);
        Assert.Equal(expectedValue, value);
        Assert.Equal(expectedDz, logits);
    }

    private static void AssertClose(double[] expected, float[] actual, string what, double sumTolerance = 0)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), double.Epsilon);
            // The float rounding of x - max is an input error no float kernel avoids (see CatalogForwardTests).
            Assert.True(error <= Tolerance + 2e-5 + sumTolerance, $"{what}[{i}]: {actual[i]:R} vs {expected[i]:R} (relative error {error:E2})");
        }
    }

    /// <summary>Gradients mix signs and cancel: compared with the float error of the largest component.</summary>
    private static void AssertCloseAbsolute(double[] expected, float[] actual, string what, double sumTolerance = 0)
    {
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= (1e-6 + sumTolerance) * scale + 1e-9, $"{what}[{i}]: {actual[i]:R} vs {expected[i]:R} (error {error:E2}, scale {scale:E2})");
        }
    }
}
