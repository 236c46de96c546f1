using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static KernelGen.Tests.Infrastructure.TextbookOracle;

namespace KernelGen.Tests.Values;

/// <summary>
/// Every kernel of <see cref="TextbookKernels"/> against its float64 oracle, value and gradient, on random rows and
/// on adversarial ones: magnitudes up to ±1e4, values around the float exp thresholds (±80..±110), all-equal rows,
/// near-one-hot rows, and temperatures down to 1e-2. Forward: |kernel - oracle| &lt;= 1e-5 |oracle| + 1e-6. Gradients:
/// cs231n relative error &lt;= 1e-4 against central differences of the oracle (per component, relative to at least 1%
/// of the gradient's largest component). No value or gradient may be Inf or NaN where the oracle is finite.
/// Components whose finite difference would cross a kink (|x| = 0 of a Relu, Abs or hinge) are not compared. ELU's
/// derivative is compared at exactly 0 too (rows of zeros): its two pieces meet there with slope 1 each, and a tie of
/// Max or Min gives each operand half the gradient.
/// </summary>
public sealed class TextbookCatalogTests
{
    private const double RelativeTolerance = 1e-5;
    private const double AbsoluteTolerance = 1e-6;

    /// <summary>The finite-difference step: absolute, so that rows of magnitude 1e4 are not probed 10 units apart.</summary>
    private const double Step = 1e-3;

    private static readonly int[] Sizes = { 1, 3, 8, 10, 33, 100 };

    private readonly ITestOutputHelper _output;

    public TextbookCatalogTests(ITestOutputHelper output) => _output = output;

    // ---- Activations: value of each element, and the VJP with a random upstream gradient. ----

    public static TheoryData<string> Activations => new() { "Softplus", "Sigmoid", "LogSigmoid", "Swish", "Elu", "GeluTanh" };

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation_matches_oracle_on_random_and_adversarial_rows(string name)
    {
        var (kernel, oracle) = Activation(name);
        var stats = new Stats(name);
        var random = new Random(SeedOf(name));
        foreach (var x in Rows(random))
        {
            int n = x.Length;
            var dResult = TestData.Normal(random, n, 1);
            var result = new float[n];
            var dx = new float[n];
            kernel(x, dResult, result, dx);
            var xd = Oracle.ToDouble(x);
            for (int i = 0; i < n; i++) stats.Value(result[i], oracle(xd[i]), $"x[{i}] = {x[i]:R}");
            double Vjp(double[] v) => v.Select((e, i) => dResult[i] * oracle(e)).Sum();
            stats.Gradient(dx, CentralDifference(Vjp, xd), $"dx, x[0] = {x[0]:R}", functionScale: Math.Max(Math.Abs(Vjp(xd)), MaxAbs(xd)));
        }
        stats.Report(_output);
    }

    [Fact]
    public void Softmax_with_temperature_matches_oracle_down_to_t_of_one_hundredth()
    {
        var stats = new Stats("SoftmaxWithTemperature");
        var random = new Random(21);
        foreach (var x in Rows(random))
        {
            foreach (float t in new[] { 0.01f, 0.1f, 1f, 10f })
            {
                int n = x.Length;
                var dResult = TestData.Normal(random, n, 1);
                var result = new float[n];
                var dx = new float[n];
                TextbookKernels.SoftmaxWithTemperatureKernel.ForwardBackward(x, t, dResult, result, dx, out float dt);
                var xd = Oracle.ToDouble(x);
                var expected = SoftmaxWithTemperature(xd, t);
                for (int i = 0; i < n; i++) stats.Value(result[i], expected[i], $"t = {t}, x[{i}] = {x[i]:R}");
                double Vjp(double[] v, double temperature) => SoftmaxWithTemperature(v, temperature).Select((p, i) => dResult[i] * p).Sum();
                stats.Gradient(dx, CentralDifference(v => Vjp(v, t), xd), $"dx, t = {t}", functionScale: Math.Max(Math.Abs(Vjp(xd, t)), MaxAbs(xd) / t));
                stats.Gradient(new[] { dt }, new[] { ScalarDifference(v => Vjp(xd, v), t) }, $"dt, t = {t}", functionScale: Math.Max(Math.Abs(Vjp(xd, t)), MaxAbs(xd) / t));
            }
        }
        stats.Report(_output);
    }

    // ---- Losses of two vectors. ----

    public static TheoryData<string> PairLosses => new()
    {
        "BinaryCrossEntropyFromDefinition", "BinaryCrossEntropyOfLogits", "BinaryFocalLoss", "KlDivergenceOfLogits",
        "JensenShannonOfLogits", "LogOfTwoExps", "MeanAbsoluteError", "Hinge", "ReluSquaredError",
    };

    [Theory]
    [MemberData(nameof(PairLosses))]
    public void Pair_loss_matches_oracle_on_random_and_adversarial_rows(string name)
    {
        var (kernel, oracle, targets, kink) = PairLoss(name);
        var stats = new Stats(name);
        var random = new Random(SeedOf(name));
        foreach (var a in Rows(random))
        {
            int n = a.Length;
            var b = targets(random, n);
            var da = new float[n];
            var db = new float[n];
            float value = kernel(a, b, da, db);
            var ad = Oracle.ToDouble(a);
            var bd = Oracle.ToDouble(b);
            stats.Value(value, oracle(ad, bd), $"n = {n}, a[0] = {a[0]:R}");
            double f = Math.Max(Math.Abs(oracle(ad, bd)), Math.Max(MaxAbs(ad), MaxAbs(bd)));
            stats.Gradient(da, CentralDifference(v => oracle(v, bd), ad), "da", i => kink?.Invoke(ad[i], bd[i]) ?? false, f);
            stats.Gradient(db, CentralDifference(v => oracle(ad, v), bd), "db", i => kink?.Invoke(ad[i], bd[i]) ?? false, f);
        }
        stats.Report(_output);
    }

    // ---- Losses of logits and a class; functions of one row. ----

    public static TheoryData<string> ClassLosses => new() { "LabelSmoothingCrossEntropy", "FocalCrossEntropy", "MulticlassHinge" };

    [Theory]
    [MemberData(nameof(ClassLosses))]
    public void Class_loss_matches_oracle_on_random_and_adversarial_rows(string name)
    {
        var (kernel, oracle, hasKinks) = ClassLoss(name);
        var stats = new Stats(name);
        var random = new Random(SeedOf(name));
        foreach (var z in Rows(random))
        {
            int n = z.Length;
            foreach (int y in new[] { 0, n - 1, random.Next(n), Array.IndexOf(z, z.Max()) }.Distinct())
            {
                var dz = new float[n];
                float value = kernel(z, y, dz);
                var zd = Oracle.ToDouble(z);
                stats.Value(value, oracle(zd, y), $"n = {n}, y = {y}, z[y] = {z[y]:R}");
                // A hinge's gradient of z[y] sums every term's kink: compare it only away from all of them.
                bool nearKink = hasKinks && zd.Any(v => Math.Abs(v - zd[y] + 1) < 3 * Step);
                if (!nearKink) stats.Gradient(dz, CentralDifference(v => oracle(v, y), zd), $"dz, y = {y}", functionScale: Math.Max(Math.Abs(oracle(zd, y)), MaxAbs(zd)));
                else stats.SkippedComponents += n;
            }
        }
        stats.Report(_output);
    }

    public static TheoryData<string> RowFunctions => new() { "Entropy", "CauchyLoss" };

    [Theory]
    [MemberData(nameof(RowFunctions))]
    public void Row_function_matches_oracle_on_random_and_adversarial_rows(string name)
    {
        Func<double[], double> oracle = name == "Entropy" ? Entropy : CauchyLoss;
        var stats = new Stats(name);
        var random = new Random(SeedOf(name));
        foreach (var x in Rows(random))
        {
            var dx = new float[x.Length];
            float value = name == "Entropy" ? TextbookKernels.EntropyKernel.ForwardBackward(x, dx) : TextbookKernels.CauchyLossKernel.ForwardBackward(x, dx);
            float forward = name == "Entropy" ? TextbookKernels.EntropyKernel.Forward(x) : TextbookKernels.CauchyLossKernel.Forward(x);
            var xd = Oracle.ToDouble(x);
            stats.Value(value, oracle(xd), $"n = {x.Length}, x[0] = {x[0]:R}");
            stats.Value(forward, oracle(xd), $"Forward, n = {x.Length}");
            stats.Gradient(dx, CentralDifference(oracle, xd), "dx", functionScale: Math.Max(Math.Abs(oracle(xd)), MaxAbs(xd)));
        }
        stats.Report(_output);
    }

    // ---- Inputs ----

    /// <summary>Random rows and the adversarial families, at every size in <see cref="Sizes"/>.</summary>
    private static IEnumerable<float[]> Rows(Random random)
    {
        foreach (int n in Sizes)
        {
            yield return TestData.Normal(random, n);
            yield return Fill(n, _ => (float)((random.NextDouble() * 2 - 1) * 1e4));
            yield return Fill(n, _ => (float)((80 + 30 * random.NextDouble()) * (random.Next(2) == 0 ? -1 : 1)));
            foreach (float c in new[] { -1e4f, -100f, 0f, 95f, 1e4f })
                yield return Fill(n, _ => c);
            int hot = random.Next(n);
            foreach (float peak in new[] { 100f, 1000f, -100f })
                yield return Fill(n, i => i == hot ? peak : (float)(random.NextDouble() * 0.1));
        }
    }

    private static double MaxAbs(double[] v) => v.Max(Math.Abs);

    private static float[] Fill(int n, Func<int, float> value) => Enumerable.Range(0, n).Select(value).ToArray();

    private static float[] Probabilities(Random random, int n)
        => random.Next(2) == 0 ? Fill(n, _ => (float)random.NextDouble()) : Fill(n, _ => random.Next(2));

    private static float[] Signs(Random random, int n) => Fill(n, _ => random.Next(2) == 0 ? -1f : 1f);

    private static double[] CentralDifference(Func<double[], double> f, double[] x)
    {
        var g = new double[x.Length];
        var probe = (double[])x.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            double At(double offset)
            {
                probe[i] = x[i] + offset;
                double value = f(probe);
                probe[i] = x[i];
                return value;
            }
            g[i] = (At(-2 * Step) - 8 * At(-Step) + 8 * At(Step) - At(2 * Step)) / (12 * Step);
        }
        return g;
    }

    /// <summary>A step relative to the scalar: a temperature of 0.01 probed 0.001 apart would change by 10%.</summary>
    private static double ScalarDifference(Func<double, double> f, double t)
    {
        double h = 1e-4 * Math.Abs(t);
        return (f(t - 2 * h) - 8 * f(t - h) + 8 * f(t + h) - f(t + 2 * h)) / (12 * h);
    }

    // ---- The kernels, by name ----

    private delegate void ActivationKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> dResult, Span<float> result, Span<float> dx);

    private delegate float PairKernel(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> da, Span<float> db);

    private delegate float ClassKernel(ReadOnlySpan<float> z, int y, Span<float> dz);

    private static (ActivationKernel Kernel, Func<double, double> Oracle) Activation(string name) => name switch
    {
        "Softplus" => (TextbookKernels.SoftplusFromDefinitionKernel.ForwardBackward, Softplus),
        "Sigmoid" => (TextbookKernels.SigmoidFromDefinitionKernel.ForwardBackward, Sigmoid),
        "LogSigmoid" => (TextbookKernels.LogSigmoidOfLogitsKernel.ForwardBackward, x => -Softplus(-x)),
        "Swish" => (TextbookKernels.SwishKernel.ForwardBackward, Swish),
        "Elu" => (TextbookKernels.EluKernel.ForwardBackward, Elu),
        "GeluTanh" => (TextbookKernels.GeluTanhKernel.ForwardBackward, GeluTanh),
        _ => throw new ArgumentException(name),
    };

    private static (PairKernel Kernel, Func<double[], double[], double> Oracle, Func<Random, int, float[]> Targets, Func<double, double, bool>? Kink) PairLoss(string name)
    {
        Func<Random, int, float[]> adversarial = (random, n) => Rows(random).Where(r => r.Length == n).ElementAt(random.Next(11));
        bool NearZero(double v) => Math.Abs(v) < 3 * Step;
        return name switch
        {
            "BinaryCrossEntropyFromDefinition" => (TextbookKernels.BinaryCrossEntropyFromDefinitionKernel.ForwardBackward, BinaryCrossEntropy, Probabilities, null),
            "BinaryCrossEntropyOfLogits" => (TextbookKernels.BinaryCrossEntropyOfLogitsKernel.ForwardBackward, BinaryCrossEntropy, Probabilities, null),
            "BinaryFocalLoss" => (TextbookKernels.BinaryFocalLossKernel.ForwardBackward, BinaryFocal, Probabilities, null),
            "KlDivergenceOfLogits" => (TextbookKernels.KlDivergenceOfLogitsKernel.ForwardBackward, KlDivergence, adversarial, null),
            "JensenShannonOfLogits" => (TextbookKernels.JensenShannonOfLogitsKernel.ForwardBackward, JensenShannon, adversarial, null),
            // log(exp(a) + exp(b)) is max(a, b) + softplus(-|a - b|): a kink where a = b, crossed by the difference.
            "LogOfTwoExps" => (TextbookKernels.LogOfTwoExpsKernel.ForwardBackward, LogOfTwoExps, adversarial, null),
            "MeanAbsoluteError" => (TextbookKernels.MeanAbsoluteErrorKernel.ForwardBackward, MeanAbsoluteError, adversarial, (a, b) => NearZero(a - b)),
            "Hinge" => (TextbookKernels.HingeKernel.ForwardBackward, Hinge, Signs, (z, t) => NearZero(1 - t * z)),
            "ReluSquaredError" => (TextbookKernels.ReluSquaredErrorKernel.ForwardBackward, ReluSquaredError, adversarial, (x, _) => NearZero(x)),
            _ => throw new ArgumentException(name),
        };
    }

    private static (ClassKernel Kernel, Func<double[], int, double> Oracle, bool HasKinks) ClassLoss(string name) => name switch
    {
        "LabelSmoothingCrossEntropy" => (TextbookKernels.LabelSmoothingCrossEntropyKernel.ForwardBackward, LabelSmoothing, false),
        "FocalCrossEntropy" => (TextbookKernels.FocalCrossEntropyKernel.ForwardBackward, FocalCrossEntropy, false),
        "MulticlassHinge" => (TextbookKernels.MulticlassHingeKernel.ForwardBackward, MulticlassHinge, true),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Collects the worst errors of one kernel and fails on the first comparison out of bounds.</summary>
    private sealed class Stats
    {
        private readonly string _name;
        private double _worstValue, _worstGradient;
        private int _values, _components;

        public Stats(string name) => _name = name;

        public int SkippedComponents { get; set; }

        public void Value(float actual, double expected, string where)
        {
            Assert.True(double.IsFinite(expected), $"{_name}: the oracle is not finite at {where}; the input family is wrong");
            Assert.True(float.IsFinite(actual), $"{_name}: {actual} where float64 gives {expected:R} ({where})");
            double error = Math.Abs(actual - expected);
            double bound = RelativeTolerance * Math.Abs(expected) + AbsoluteTolerance;
            Assert.True(error <= bound, $"{_name}: {actual:R} vs {expected:R}, error {error:E2} > {bound:E2} ({where})");
            _worstValue = Math.Max(_worstValue, error / bound);
            _values++;
        }

        /// <summary>
        /// <summary>
        /// A gradient component below 1% of the problem's scale F (the larger of |f| and the inputs' magnitude) is
        /// compared with an absolute bound of 1e-6 F: float computes such a component from terms of about that size
        /// (a KL divergence of logits near 100 differences log-probabilities of that size), so a few ulps of them,
        /// and the finite difference's own noise is about 1e-16 (|f| + |x|) / h.
        /// </summary>
        public void Gradient(float[] actual, double[] numeric, string what, Func<int, bool>? skip = null, double functionScale = 1)
        {
            double scale = Math.Max(numeric.Max(Math.Abs), Math.Max(1, functionScale));
            for (int i = 0; i < actual.Length; i++)
            {
                Assert.True(float.IsFinite(actual[i]), $"{_name}: {what}[{i}] = {actual[i]} where the finite difference is {numeric[i]:R}");
                if (skip?.Invoke(i) == true) { SkippedComponents++; continue; }
                double error = Oracle.RelativeError(actual[i], numeric[i], scale);
                Assert.True(error <= GradientCheck.Tolerance, $"{_name}: {what}[{i}] = {actual[i]:R}, numeric {numeric[i]:R}, relative error {error:E2}");
                _worstGradient = Math.Max(_worstGradient, error);
                _components++;
            }
        }

        public void Report(ITestOutputHelper output)
        {
            output.WriteLine($"{_name}: {_values} values, worst error {_worstValue:F3} of the bound; {_components} gradient components, worst relative error {_worstGradient:E2}; {SkippedComponents} skipped at kinks");
            Assert.True(_values > 0 && _components > 0, "nothing was compared");
        }
    }

    /// <summary>
    /// A seed from the kernel's name that is the same in every run. string.GetHashCode is randomized per process, which
    /// made these cases change from run to run.
    /// </summary>
    private static int SeedOf(string name)
    {
        uint hash = 2166136261; // FNV-1a
        foreach (char c in name) hash = (hash ^ c) * 16777619;
        return (int)(hash & 0xFFFF);
    }
}
