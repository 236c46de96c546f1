using System;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Values;

/// <summary>
/// Binary cross-entropy of huge logits, where softplus(z) - t z would subtract two numbers near z: the generated
/// kernels keep every term non-negative, so the value is accurate relative to itself, and the gradient is sigmoid(z) - t.
/// </summary>
public sealed class BinaryCrossEntropyPrecisionTests
{
    [Theory]
    [InlineData(1e4f, 0.99772f)]
    [InlineData(1e4f, 0.3f)]
    [InlineData(-1e4f, 0.00228f)]
    [InlineData(-1e4f, 0.7f)]
    [InlineData(3e5f, 0.999f)]
    [InlineData(25f, 1f)]
    [InlineData(-25f, 0f)]
    [InlineData(0f, 0.5f)]
    public void Huge_logits_give_the_double_value_and_gradient_to_a_few_ulps(float z, float t)
    {
        // Double reference, cancellation-free: (1 - t) max(z, 0) + t max(-z, 0) + log1p(exp(-|z|)).
        double zd = z, td = t;
        double expected = (1 - td) * Math.Max(zd, 0) + td * Math.Max(-zd, 0) + StableMath.Log1p(Math.Exp(-Math.Abs(zd)));
        double gradient = StableMath.Sigmoid(zd) - td;
        foreach (var forwardBackward in new ForwardBackward[]
        {
            TextbookKernels.BinaryCrossEntropyOfLogitsKernel.ForwardBackward,
            TextbookKernels.BinaryCrossEntropyFromDefinitionKernel.ForwardBackward,
        })
        {
            var dz = new float[1];
            var dt = new float[1];
            float value = forwardBackward([z], [t], dz, dt);
            Assert.True(Math.Abs(value - expected) <= 4 * Ulp(expected), $"BCE({z}, {t}) = {value:R}, double {expected:R}");
            Assert.True(Math.Abs(dz[0] - gradient) <= 4 * Ulp(Math.Max(Math.Abs(gradient), 1e-7)), $"dBCE/dz({z}, {t}) = {dz[0]:R}, double {gradient:R}");
        }
    }

    private delegate float ForwardBackward(ReadOnlySpan<float> z, ReadOnlySpan<float> t, Span<float> dz, Span<float> dt);

    /// <summary>The spacing of floats at <paramref name="value"/>.</summary>
    private static double Ulp(double value) => MathF.BitIncrement((float)Math.Abs(value)) - (double)(float)Math.Abs(value);
}
