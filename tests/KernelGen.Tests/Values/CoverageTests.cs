using System;
using System.Linq;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Values;

/// <summary>Forward values and gradients of <see cref="CoverageKernels"/> against float64 oracles and finite differences.</summary>
public sealed class CoverageTests
{
    private static readonly int[] Sizes = { 3, 8, 13, 40, 101 };

    [Fact]
    public void Nll_of_log_softmax_is_cross_entropy()
    {
        var random = new Random(21);
        foreach (int n in Sizes)
        {
            var z = TestData.Normal(random, n);
            int y = random.Next(n);
            var dz = new float[n];
            float value = CoverageKernels.NllOfLogSoftmaxKernel.ForwardBackward(z, y, dz);
            var zd = Oracle.ToDouble(z);
            Assert.Equal(Oracle.CrossEntropy(zd, y), value, 5);
            GradientCheck.AssertClose(dz, Oracle.Gradient(v => Oracle.CrossEntropy(v, y), zd));
        }
    }

    [Fact]
    public void Max_min_and_mean_reductions_and_their_gradients()
    {
        static double F(double[] x) => x.Max() - x.Average() + x.Min() * 0.5;
        var random = new Random(22);
        foreach (int n in Sizes)
        {
            var x = TestData.Normal(random, n);
            var dx = new float[n];
            float value = CoverageKernels.MaxMinusMeanKernel.ForwardBackward(x, dx);
            var xd = Oracle.ToDouble(x);
            Assert.Equal(F(xd), value, 5);
            GradientCheck.AssertClose(dx, Oracle.Gradient(F, xd));
        }
    }

    [Fact]
    public void Dot_sqrt_abs_and_elementwise_max_and_their_gradients()
    {
        static double F(double[] a, double[] b) => a.Select((v, i) => Math.Sqrt(Math.Abs(v) + 1) * Math.Max(b[i], v * 0.5)).Sum();
        var random = new Random(23);
        foreach (int n in Sizes)
        {
            var a = TestData.Normal(random, n);
            var b = TestData.Normal(random, n);
            var da = new float[n];
            var db = new float[n];
            float value = CoverageKernels.DotWithSqrtAbsKernel.ForwardBackward(a, b, da, db);
            var (ad, bd) = (Oracle.ToDouble(a), Oracle.ToDouble(b));
            Assert.True(Math.Abs(F(ad, bd) - value) <= 1e-5 * Math.Max(1, Math.Abs(value)));
            GradientCheck.AssertClose(da, Oracle.Gradient(v => F(v, bd), ad));
            GradientCheck.AssertClose(db, Oracle.Gradient(v => F(ad, v), bd));
        }
    }

    [Fact]
    public void Constant_indices_and_stop_gradient()
    {
        var random = new Random(24);
        foreach (int n in Sizes)
        {
            var x = TestData.Normal(random, n);
            var dx = new float[n];
            float value = CoverageKernels.FirstElementShiftKernel.ForwardBackward(x, dx);
            Assert.Equal(x[0] - x.Sum() + x[2] * x[2], value, 4);
            // StopGradient hides Sum from the gradient: only x[0] and x[2] receive one.
            for (int i = 0; i < n; i++)
                Assert.Equal(i == 0 ? 1f : i == 2 ? 2 * x[2] : 0f, dx[i], 5);
        }
    }

    [Fact]
    public void A_row_too_short_for_a_constant_index_is_rejected_naming_the_argument()
    {
        var error = Assert.Throws<ArgumentException>(() => CoverageKernels.FirstElementShiftKernel.Forward(new float[2]));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("reads element 2", error.Message);
        var batchError = Assert.Throws<ArgumentException>(() => CoverageKernels.FirstElementShiftKernel.ForwardBatch(2, new float[4], new float[2]));
        Assert.Equal("x", batchError.ParamName);
    }

    [Fact]
    public void Vector_kernel_with_a_scalar_parameter_and_its_vjp()
    {
        static double[] F(double[] x, double s) => Oracle.Softmin(x.Select(v => v * s).ToArray()).Select(v => v * s).ToArray();
        var random = new Random(25);
        foreach (int n in Sizes)
        {
            var x = TestData.Normal(random, n);
            var upstream = TestData.Normal(random, n, 1);
            var result = new float[n];
            var dx = new float[n];
            CoverageKernels.ScaledSoftminKernel.ForwardBackward(x, 1.5f, upstream, result, dx, out float ds);
            var xd = Oracle.ToDouble(x);
            var expected = F(xd, 1.5);
            for (int i = 0; i < n; i++) Assert.True(Math.Abs(expected[i] - result[i]) <= 1e-6 * Math.Max(Math.Abs(expected[i]), 1e-3));
            double Projected(double[] v, double s) => F(v, s).Select((f, i) => f * upstream[i]).Sum();
            GradientCheck.AssertClose(dx, Oracle.Gradient(v => Projected(v, 1.5), xd));
            GradientCheck.AssertClose(new[] { ds }, Oracle.Gradient(v => Projected(xd, v[0]), new[] { 1.5 }));
        }
    }
}
