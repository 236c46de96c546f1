using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Values;

/// <summary>
/// The fused forward+backward entry point of every catalog kernel, against central finite differences of
/// the float64 oracle, on every float input. Vector-valued kernels are checked through their vector-Jacobian
/// product with a random upstream gradient: d/dx of sum(dResult * f(x)).
/// </summary>
public sealed class CatalogGradientTests
{
    private static readonly int[] Sizes = { 1, 2, 7, 8, 9, 31, 32, 33, 100, 257 };

    private readonly ITestOutputHelper _output;

    public CatalogGradientTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Softmax_vjp_matches_finite_differences()
        => CheckVectorKernel("Softmax", CatalogKernels.SoftmaxKernel.ForwardBackward, Oracle.Softmax);

    [Fact]
    public void LogSoftmax_vjp_matches_finite_differences()
        => CheckVectorKernel("LogSoftmax", CatalogKernels.LogSoftmaxKernel.ForwardBackward, Oracle.LogSoftmax);

    [Fact]
    public void Softmin_vjp_matches_finite_differences()
        => CheckVectorKernel("Softmin", CatalogKernels.SoftminKernel.ForwardBackward, Oracle.Softmin);

    [Fact]
    public void LogSumExp_with_temperature_gradients_match_finite_differences()
    {
        var random = new Random(7);
        var errors = new List<double>();
        foreach (int n in Sizes)
        {
            foreach (float t in new[] { 0.5f, 1f, 3f })
            {
                var x = TestData.Normal(random, n);
                var dx = new float[n];
                float value = CatalogKernels.LogSumExpWithTemperatureKernel.ForwardBackward(x, t, dx, out float dt);
                var xd = Oracle.ToDouble(x);
                AssertClose(value, Oracle.LogSumExpWithTemperature(xd, t), $"value n={n} t={t}");
                errors.Add(GradientCheck.AssertClose(dx, Oracle.Gradient(v => Oracle.LogSumExpWithTemperature(v, t), xd), $"dx n={n} t={t}"));
                errors.Add(GradientCheck.AssertClose(new[] { dt }, Oracle.Gradient(v => Oracle.LogSumExpWithTemperature(xd, v[0]), new double[] { t }), $"dt n={n} t={t}"));
            }
        }
        Report("LogSumExp(x * t) / t", errors);
    }

    [Fact]
    public void CrossEntropy_gradient_matches_finite_differences_and_is_softmax_minus_onehot()
    {
        var random = new Random(8);
        var errors = new List<double>();
        foreach (int n in Sizes)
        {
            var z = TestData.Normal(random, n);
            int y = random.Next(n);
            var dz = new float[n];
            float value = CatalogKernels.CrossEntropyKernel.ForwardBackward(z, y, dz);
            var zd = Oracle.ToDouble(z);
            AssertClose(value, Oracle.CrossEntropy(zd, y), $"value n={n}");
            errors.Add(GradientCheck.AssertClose(dz, Oracle.Gradient(v => Oracle.CrossEntropy(v, y), zd), $"dz n={n}"));

            // The closed form: dCE/dz = softmax(z) - onehot(y).
            var p = Oracle.Softmax(zd);
            for (int i = 0; i < n; i++)
            {
                double expected = p[i] - (i == y ? 1 : 0);
                Assert.True(Math.Abs(dz[i] - expected) <= 1e-6, $"dz[{i}] = {dz[i]:R}, softmax - onehot = {expected:R} (n={n})");
            }
        }
        Report("CrossEntropy", errors);
    }

    [Fact]
    public void SoftTargetCrossEntropy_gradients_match_finite_differences()
    {
        var random = new Random(9);
        var errors = new List<double>();
        foreach (int n in Sizes)
        {
            var z = TestData.Normal(random, n);
            var t = TestData.Probabilities(random, n);
            var dz = new float[n];
            var dt = new float[n];
            float value = CatalogKernels.SoftTargetCrossEntropyKernel.ForwardBackward(z, t, dz, dt);
            var zd = Oracle.ToDouble(z);
            var td = Oracle.ToDouble(t);
            AssertClose(value, Oracle.SoftTargetCrossEntropy(zd, td), $"value n={n}");
            errors.Add(GradientCheck.AssertClose(dz, Oracle.Gradient(v => Oracle.SoftTargetCrossEntropy(v, td), zd), $"dz n={n}"));
            errors.Add(GradientCheck.AssertClose(dt, Oracle.Gradient(v => Oracle.SoftTargetCrossEntropy(zd, v), td), $"dtarget n={n}"));
        }
        Report("SoftTargetCrossEntropy", errors);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 3)]
    [InlineData(37, 10)]
    [InlineData(100, 33)]
    [InlineData(784, 10)]
    public void LinearCrossEntropy_gradients_match_finite_differences(int features, int classes)
    {
        var random = new Random(features * 31 + classes);
        var x = TestData.Normal(random, features, 1);
        var w = TestData.Normal(random, classes * features, 0.3);
        var b = TestData.Normal(random, classes, 0.3);
        int y = random.Next(classes);
        var dx = new float[features];
        var dw = new float[w.Length];
        var db = new float[classes];
        float value = CatalogKernels.LinearCrossEntropyKernel.ForwardBackward(x, w, b, y, dx, dw, db);
        var (xd, wd, bd) = (Oracle.ToDouble(x), Oracle.ToDouble(w), Oracle.ToDouble(b));
        AssertClose(value, Oracle.LinearCrossEntropy(xd, wd, bd, y), "value");
        var errors = new List<double>
        {
            GradientCheck.AssertClose(dx, Oracle.Gradient(v => Oracle.LinearCrossEntropy(v, wd, bd, y), xd), "dx"),
            GradientCheck.AssertClose(dw, Oracle.Gradient(v => Oracle.LinearCrossEntropy(xd, v, bd, y), wd), "dw"),
            GradientCheck.AssertClose(db, Oracle.Gradient(v => Oracle.LinearCrossEntropy(xd, wd, v, y), bd), "db"),
        };
        Report($"LinearCrossEntropy {features}x{classes}", errors);
    }

    [Fact]
    public void MeanSquaredError_gradients_match_finite_differences()
        => CheckTwoInputLoss("MeanSquaredError", CatalogKernels.MeanSquaredErrorKernel.ForwardBackward, (p, t) => Oracle.MeanSquaredError(p, t));

    [Fact]
    public void Huber_gradients_match_finite_differences()
        => CheckTwoInputLoss("Huber", CatalogKernels.HuberLossKernel.ForwardBackward, (p, t) => Oracle.Huber(p, t));

    private delegate void VectorForwardBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dResult, Span<float> result, Span<float> dx);

    private delegate float TwoInputForwardBackward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> da, Span<float> db);

    private void CheckVectorKernel(string name, VectorForwardBackward kernel, Func<double[], double[]> oracle)
    {
        var random = new Random(name.Length);
        var errors = new List<double>();
        foreach (int n in Sizes)
        {
            var x = TestData.Normal(random, n);
            var upstream = TestData.Normal(random, n, 1);
            var result = new float[n];
            var dx = new float[n];
            kernel(x, upstream, result, dx);
            var xd = Oracle.ToDouble(x);
            var expected = oracle(xd);
            for (int i = 0; i < n; i++) AssertClose(result[i], expected[i], $"result[{i}] n={n}", Math.Abs(expected[i]));
            double Projected(double[] v) => oracle(v).Select((f, i) => f * upstream[i]).Sum();
            errors.Add(GradientCheck.AssertClose(dx, Oracle.Gradient(Projected, xd), $"dx n={n}"));
        }
        Report(name, errors);
    }

    private void CheckTwoInputLoss(string name, TwoInputForwardBackward kernel, Func<double[], double[], double> oracle)
    {
        var random = new Random(name.Length * 3);
        var errors = new List<double>();
        foreach (int n in Sizes)
        {
            var a = TestData.Normal(random, n);
            var b = TestData.Normal(random, n);
            var da = new float[n];
            var db = new float[n];
            float value = kernel(a, b, da, db);
            var (ad, bd) = (Oracle.ToDouble(a), Oracle.ToDouble(b));
            AssertClose(value, oracle(ad, bd), $"value n={n}");
            errors.Add(GradientCheck.AssertClose(da, Oracle.Gradient(v => oracle(v, bd), ad), $"dprediction n={n}"));
            errors.Add(GradientCheck.AssertClose(db, Oracle.Gradient(v => oracle(ad, v), bd), $"dtarget n={n}"));
        }
        Report(name, errors);
    }

    private static void AssertClose(float actual, double expected, string what, double scale = 1)
    {
        double error = Math.Abs(actual - expected) / Math.Max(Math.Max(Math.Abs(expected), scale), 1e-30);
        Assert.True(error <= 1e-5, $"{what}: {actual:R} vs {expected:R}");
    }

    private void Report(string name, List<double> errors)
        => _output.WriteLine($"{name}: max gradient relative error {errors.Max():E2} over {errors.Count} inputs");
}
