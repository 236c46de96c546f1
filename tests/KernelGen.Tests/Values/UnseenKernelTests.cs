using System;
using System.Linq;
using Xunit;
using static KernelGen.Ops;

namespace KernelGen.Tests.Values;

/// <summary>
/// Kernels in no catalog, written as a user would (a tempered cross-entropy with an L2 term; a loss whose parameters
/// are named like framework types), compiled by the real generator in this project's build and checked against float64
/// where the textbook formula overflows.
/// </summary>
public static partial class UnseenKernels
{
    [Kernel] public static float TemperedCrossEntropy(Vec z, int y, float t) => -Log(Softmax(z / t))[y] + 0.01f * Sum(Square(z));

    [Kernel] public static float Shadowing(Vec Vector256, Vec MathF, int sum) => CrossEntropy(Vector256 * MathF, sum);
}

public sealed class UnseenKernelTests
{
    private static readonly float[] s_logits = Enumerable.Range(0, 37).Select(i => 90f + 9f * (float)((i * 0.618) % 1.0)).ToArray();

    private static double[] Softmax(double[] v)
    {
        double max = v.Max();
        var e = v.Select(x => Math.Exp(x - max)).ToArray();
        double s = e.Sum();
        return e.Select(x => x / s).ToArray();
    }

    [Fact]
    public void A_tempered_cross_entropy_with_an_L2_term_matches_float64_at_logits_of_90_to_99_value_and_gradients()
    {
        const int y = 11;
        const float t = 0.7f;
        var z = s_logits;
        var dz = new float[z.Length];
        float value = UnseenKernels.TemperedCrossEntropyKernel.ForwardBackward(z, y, t, dz, out float dt);

        var scaled = z.Select(v => v / (double)t).ToArray();
        var p = Softmax(scaled);
        double expected = -Math.Log(p[y]) + 0.01 * z.Sum(v => (double)v * v);
        Assert.True(float.IsFinite(value));
        Assert.Equal(expected, value, expected * 2e-6);
        Assert.Equal(expected, UnseenKernels.TemperedCrossEntropyKernel.Forward(z, y, t), expected * 2e-6);
        double expectedDt = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double g = p[i] - (i == y ? 1 : 0);
            Assert.Equal(g / t + 0.02 * z[i], dz[i], 2e-4);
            expectedDt += g * -z[i] / ((double)t * t);
        }
        Assert.Equal(expectedDt, dt, Math.Abs(expectedDt) * 1e-4 + 1e-3);
    }

    [Fact]
    public void Parameters_named_Vector256_and_MathF_compile_and_give_the_cross_entropy_of_their_product()
    {
        var a = s_logits.Select(v => v / 10f).ToArray();
        var b = s_logits.Select((_, i) => 10f + (i % 3)).ToArray();
        var da = new float[a.Length];
        var db = new float[b.Length];
        float value = UnseenKernels.ShadowingKernel.ForwardBackward(a, b, 5, da, db);

        var product = a.Select((v, i) => (double)v * b[i]).ToArray();
        var p = Softmax(product);
        Assert.Equal(-Math.Log(p[5]), value, 1e-3);
        for (int i = 0; i < a.Length; i++)
        {
            double g = p[i] - (i == 5 ? 1 : 0);
            Assert.Equal(g * b[i], da[i], 1e-3);
            Assert.Equal(g * a[i], db[i], 1e-3);
        }
    }
}
