using System;
using System.Linq;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Values;

/// <summary>
/// Every catalog kernel's forward pass, at every size in <see cref="TestData.Sizes"/>, against the float64
/// oracle. The error is relative; for values in the log domain and for losses (which cross or approach
/// zero) it is taken relative to max(|expected|, 1), i.e. absolute below 1.
/// </summary>
public sealed class CatalogForwardTests
{
    /// <summary>The bound the issue sets for forward values.</summary>
    private const double Tolerance = 1e-6;

    private readonly ITestOutputHelper _output;

    public CatalogForwardTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Softmax_matches_oracle_at_every_size()
        => CheckVector("Softmax", (x, r) => CatalogKernels.SoftmaxKernel.Forward(x, r), Oracle.Softmax, floor: 0);

    [Fact]
    public void LogSoftmax_matches_oracle_at_every_size()
        => CheckVector("LogSoftmax", (x, r) => CatalogKernels.LogSoftmaxKernel.Forward(x, r), Oracle.LogSoftmax, floor: 1);

    [Fact]
    public void Softmin_matches_oracle_at_every_size()
        => CheckVector("Softmin", (x, r) => CatalogKernels.SoftminKernel.Forward(x, r), Oracle.Softmin, floor: 0);

    [Theory]
    [InlineData(0.25f)]
    [InlineData(1f)]
    [InlineData(4f)]
    public void LogSumExp_with_temperature_matches_oracle_at_every_size(float t)
        => CheckScalar($"LogSumExp(t={t})", (random, n) =>
        {
            var x = TestData.Normal(random, n);
            return (CatalogKernels.LogSumExpWithTemperatureKernel.Forward(x, t), Oracle.LogSumExpWithTemperature(Oracle.ToDouble(x), t));
        });

    [Fact]
    public void CrossEntropy_matches_oracle_at_every_size()
        => CheckScalar("CrossEntropy", (random, n) =>
        {
            var z = TestData.Normal(random, n);
            int y = random.Next(n);
            return (CatalogKernels.CrossEntropyKernel.Forward(z, y), Oracle.CrossEntropy(Oracle.ToDouble(z), y));
        });

    [Fact]
    public void SoftTargetCrossEntropy_matches_oracle_at_every_size()
        => CheckScalar("SoftTargetCrossEntropy", (random, n) =>
        {
            var z = TestData.Normal(random, n);
            var t = TestData.Probabilities(random, n);
            return (CatalogKernels.SoftTargetCrossEntropyKernel.Forward(z, t), Oracle.SoftTargetCrossEntropy(Oracle.ToDouble(z), Oracle.ToDouble(t)));
        });

    [Fact]
    public void LinearCrossEntropy_matches_oracle_at_every_size()
        => CheckScalar("LinearCrossEntropy", (random, n) =>
        {
            int classes = 1 + n % 17;
            var x = TestData.Normal(random, n, 1);
            var w = TestData.Normal(random, classes * n, 0.1);
            var b = TestData.Normal(random, classes, 0.1);
            int y = random.Next(classes);
            return (CatalogKernels.LinearCrossEntropyKernel.Forward(x, w, b, y), Oracle.LinearCrossEntropy(Oracle.ToDouble(x), Oracle.ToDouble(w), Oracle.ToDouble(b), y));
        });

    [Fact]
    public void MeanSquaredError_matches_oracle_at_every_size()
        => CheckScalar("MeanSquaredError", (random, n) =>
        {
            var p = TestData.Normal(random, n);
            var t = TestData.Normal(random, n);
            return (CatalogKernels.MeanSquaredErrorKernel.Forward(p, t), Oracle.MeanSquaredError(Oracle.ToDouble(p), Oracle.ToDouble(t)));
        });

    [Fact]
    public void Huber_matches_oracle_at_every_size()
        => CheckScalar("Huber", (random, n) =>
        {
            var p = TestData.Normal(random, n);
            var t = TestData.Normal(random, n);
            return (CatalogKernels.HuberLossKernel.Forward(p, t), Oracle.Huber(Oracle.ToDouble(p), Oracle.ToDouble(t)));
        });

    /// <summary>
    /// Elementwise check. Before any exp, a kernel computes x - max(x) in float, which rounds to half an ulp
    /// of |x - max|: an input error the best float code has (relative 2^-24 |x - max| in exp(x - max)). The
    /// bound is 1e-6 beyond that unavoidable part; the plain maximum is reported too.
    /// </summary>
    private void CheckVector(string name, Action<float[], float[]> kernel, Func<double[], double[]> oracle, double floor)
    {
        var random = new Random(1234);
        double worst = 0, worstBeyondInputRounding = 0;
        string where = "";
        foreach (int n in TestData.Sizes)
        {
            var x = TestData.Normal(random, n);
            var actual = new float[n];
            kernel(x, actual);
            var expected = oracle(Oracle.ToDouble(x));
            float max = x.Max(), min = x.Min();
            for (int i = 0; i < n; i++)
            {
                double error = Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), floor == 0 ? double.Epsilon : floor);
                double inputRounding = Math.Pow(2, -24) * Math.Max(Math.Abs(x[i] - max), Math.Abs(x[i] - min));
                worst = Math.Max(worst, error);
                if (error - inputRounding > worstBeyondInputRounding)
                {
                    worstBeyondInputRounding = error - inputRounding;
                    where = $"n={n}, i={i}, actual {actual[i]:R}, expected {expected[i]:R}";
                }
            }
        }
        _output.WriteLine($"{name}: max relative error {worst:E2} over sizes 1..1100; {worstBeyondInputRounding:E2} beyond the rounding of x - max ({where})");
        Assert.True(worstBeyondInputRounding <= Tolerance, $"{name}: relative error {worstBeyondInputRounding:E2} beyond input rounding > {Tolerance:E0} at {where}");
    }

    private void CheckScalar(string name, Func<Random, int, (float Actual, double Expected)> run)
    {
        var random = new Random(1234);
        double worst = 0;
        string where = "";
        foreach (int n in TestData.Sizes)
        {
            var (actual, expected) = run(random, n);
            double error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1);
            if (error > worst)
            {
                worst = error;
                where = $"n={n}, actual {actual:R}, expected {expected:R}";
            }
        }
        _output.WriteLine($"{name}: max relative error {worst:E2} over sizes 1..1100 ({where})");
        Assert.True(worst <= Tolerance, $"{name}: max relative error {worst:E2} > {Tolerance:E0} at {where}");
    }
}
