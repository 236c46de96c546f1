using System;
using System.Linq;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Values;

/// <summary>The classic failure cases of naive softmax and log-sum-exp, each checked exactly.</summary>
public sealed class SeedCaseTests
{
    private static float[] Softmax(params float[] x)
    {
        var p = new float[x.Length];
        CatalogKernels.SoftmaxKernel.Forward(x, p);
        return p;
    }

    [Fact]
    public void Softmax_of_90_to_99_is_finite_and_sums_to_one_where_the_naive_form_overflows()
    {
        var x = Enumerable.Range(90, 10).Select(v => (float)v).ToArray();
        var naive = CatalogKernels.Softmax(x).ToArray();
        Assert.Contains(naive, float.IsNaN); // exp(90) overflows float: inf / inf

        var p = Softmax(x);
        Assert.All(p, v => Assert.True(float.IsFinite(v) && v > 0));
        Assert.Equal(1.0, p.Sum(v => (double)v), 6);
        var expected = Oracle.Softmax(Oracle.ToDouble(x));
        for (int i = 0; i < p.Length; i++) Assert.Equal(expected[i], p[i], 6);
    }

    [Fact]
    public void Softmax_of_equal_very_negative_entries_is_one_third_each()
    {
        // exp(-103) is already a denormal; below -104 it is 0 and the naive form divides 0 by 0.
        Assert.All(CatalogKernels.Softmax(new[] { -110f, -110f, -110f }).ToArray(), v => Assert.True(float.IsNaN(v)));

        foreach (float v in new[] { -103f, -110f, -1000f })
            Assert.All(Softmax(v, v, v), p => Assert.Equal(1f / 3, p));
    }

    [Fact]
    public void Softmax_is_translation_invariant_minus_100_equals_4()
    {
        var shifted = Softmax(-100f, -103f, -103f);
        var plain = Softmax(4f, 1f, 1f);
        for (int i = 0; i < 3; i++) Assert.Equal(plain[i], shifted[i]);
    }

    [Theory]
    [InlineData(1f, 2f)]
    [InlineData(-3f, 5f)]
    [InlineData(0.5f, 0.25f)]
    public void Tempered_log_sum_exp_exceeds_the_max_and_tends_to_it(float a, float b)
    {
        double previousGap = double.PositiveInfinity;
        foreach (float lambda in new[] { 1f, 4f, 16f, 64f, 256f, 1024f })
        {
            float value = CatalogKernels.LogSumExpWithTemperatureKernel.Forward(new[] { a, b }, lambda);
            double gap = value - Math.Max(a, b);
            double exact = Oracle.LogSumExpWithTemperature(new double[] { a, b }, lambda) - Math.Max(a, b);
            Assert.True(gap > 0 || exact < 1e-7 * Math.Max(1, Math.Abs(Math.Max(a, b))), $"lambda={lambda}: {value} is not above max({a}, {b})");
            Assert.True(gap <= previousGap, $"lambda={lambda}: gap {gap} grew from {previousGap}");
            Assert.Equal(exact, gap, 5);
            previousGap = gap;
        }
        Assert.True(previousGap < 1e-3, $"the gap {previousGap} did not shrink toward 0");
    }

    [Fact]
    public void Softmin_is_softmax_of_the_negation()
    {
        var random = new Random(5);
        foreach (int n in new[] { 1, 5, 8, 17, 100 })
        {
            var x = TestData.Normal(random, n);
            var softmin = new float[n];
            CatalogKernels.SoftminKernel.Forward(x, softmin);
            var softmaxOfNegation = Softmax(x.Select(v => -v).ToArray());
            for (int i = 0; i < n; i++) Assert.Equal(softmaxOfNegation[i], softmin[i], 7);
        }
    }

    [Fact]
    public void Log_sum_exp_shifts_with_its_input()
    {
        var x = new[] { 0.3f, -1.2f, 2.5f, 0f, 1.75f, -0.5f, 3f, 2f, 1f };
        float lse = CatalogKernels.LogSumExpWithTemperatureKernel.Forward(x, 1f);
        float shifted = CatalogKernels.LogSumExpWithTemperatureKernel.Forward(x.Select(v => v + 10f).ToArray(), 1f);
        Assert.Equal(lse + 10f, shifted, 5);
    }

    [Fact]
    public void Rows_with_huge_and_infinite_entries_give_no_NaN()
    {
        var rows = new[]
        {
            new[] { 1e30f, 0f, -1e30f, 5f, 1e30f, 2f, 3f, -1f, 0.5f, 1e30f },
            new[] { float.NegativeInfinity, 1f, 2f, float.NegativeInfinity, 3f, 4f, 5f, 6f, 7f, 8f, float.NegativeInfinity },
            new[] { float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, 0f },
            new[] { -1e30f, -1e30f, 1e30f },
        };
        foreach (var row in rows)
        {
            var p = Softmax(row);
            Assert.All(p, v => Assert.False(float.IsNaN(v), $"softmax of [{string.Join(", ", row)}] has NaN"));
            Assert.Equal(1.0, p.Sum(v => (double)v), 6);

            var logp = new float[row.Length];
            CatalogKernels.LogSoftmaxKernel.Forward(row, logp);
            Assert.All(logp, v => Assert.False(float.IsNaN(v)));

            int label = Array.IndexOf(row, row.Max());
            var dz = new float[row.Length];
            float loss = CatalogKernels.CrossEntropyKernel.ForwardBackward(row, label, dz);
            Assert.True(float.IsFinite(loss) && loss >= 0, $"CE of [{string.Join(", ", row)}] = {loss}");
            Assert.All(dz, v => Assert.True(float.IsFinite(v)));

            float lse = CatalogKernels.LogSumExpWithTemperatureKernel.Forward(row, 1f);
            double expected = Oracle.LogSumExp(Oracle.ToDouble(row));
            Assert.True(Math.Abs(lse - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"LSE of [{string.Join(", ", row)}] = {lse}, expected {expected}");
        }
    }

    [Fact]
    public void Cross_entropy_never_takes_the_log_of_an_underflowed_probability()
    {
        // softmax(z)[0] = exp(-200) underflows float; -log of it is still 200.
        var z = new[] { -100f, 100f, 0f };
        float loss = CatalogKernels.CrossEntropyKernel.Forward(z, 0);
        Assert.Equal(200f, loss, 4);
        Assert.True(float.IsPositiveInfinity(CatalogKernels.CrossEntropy(z, 0)) || float.IsNaN(CatalogKernels.CrossEntropy(z, 0)));
    }

    [Fact]
    public void Cross_entropy_at_uniform_logits_is_log_of_the_class_count()
    {
        var z = new float[10];
        Assert.Equal(Math.Log(10), CatalogKernels.CrossEntropyKernel.Forward(z, 3), 6);
    }
}
