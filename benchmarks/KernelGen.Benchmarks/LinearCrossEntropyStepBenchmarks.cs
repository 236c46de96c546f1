using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using KernelGen.Training;

namespace KernelGen.Benchmarks;

/// <summary>
/// The whole loss-and-gradient step of softmax regression on MNIST-shaped data: logits = W x + b (784 features,
/// 10 classes), softmax cross-entropy with a mean over the batch, and the gradients of W and b. This is the
/// step the library's trainer runs, through a kernel whose sizes are fixed at compile time. Read the results as
/// ns per input element: median / (<see cref="Rows"/> * <see cref="Columns"/>).
/// </summary>
[BenchmarkCategory("linear_ce_step")]
[MemoryDiagnoser]
public class LinearCrossEntropyStepBenchmarks : ISmokeCheck
{
    private const int Classes = 10;

    private Memory<float> _features;
    private Memory<float> _weights;
    private Memory<float> _bias;
    private int[] _labels = Array.Empty<int>();
    private Memory<float> _losses;
    private Memory<float> _weightGradient;
    private Memory<float> _biasGradient;
    private Memory<float> _logits;

    /// <summary>Features per row; the kernel is compiled for 784, so the smoke run keeps it.</summary>
    [Params(784)]
    public int Columns { get; set; }

    /// <summary>Rows in the batch.</summary>
    [Params(256), SmokeParams(3)]
    public int Rows { get; set; }

    /// <summary>Pixel-like features uniform in [0, 1], small weights and biases uniform in [-0.05, 0.05] (an
    /// early training step), labels uniform over the classes, all from the fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(BenchmarkData.Seed);
        _features = BenchmarkData.Uniform(random, Rows * Columns, 0f, 1f);
        _weights = BenchmarkData.Uniform(random, Classes * Columns, -0.05f, 0.05f);
        _bias = BenchmarkData.Uniform(random, Classes, -0.05f, 0.05f);
        _labels = BenchmarkData.Labels(random, Rows, Classes);
        _losses = BenchmarkData.Aligned(Rows);
        _weightGradient = BenchmarkData.Aligned(Classes * Columns);
        _biasGradient = BenchmarkData.Aligned(Classes);
        _logits = BenchmarkData.Aligned(Classes);
    }

    /// <summary>The library's generated MNIST kernel. Its batch entry point overwrites dW and db with the sums
    /// over the rows, so nothing is cleared here.</summary>
    [Benchmark]
    public void KernelGen() =>
        SoftmaxRegressionKernels.MnistLossKernel.ForwardBackwardBatch(
            Rows, _features.Span, _weights.Span, _bias.Span, _labels, 1f / Rows, _losses.Span, _weightGradient.Span, _biasGradient.Span);

    /// <summary>The textbook step: per row, logits = W x + b, a stable cross-entropy, g = (softmax - onehot) /
    /// rows, then db += g and dW += outer(g, x).</summary>
    [Benchmark(Baseline = true)]
    public void NaiveScalar()
    {
        ReadOnlySpan<float> x = _features.Span;
        ReadOnlySpan<float> w = _weights.Span;
        ReadOnlySpan<float> b = _bias.Span;
        Span<float> losses = _losses.Span;
        Span<float> dw = _weightGradient.Span;
        Span<float> db = _biasGradient.Span;
        Span<float> logits = _logits.Span;
        float gradScale = 1f / Rows;
        dw.Clear();
        db.Clear();
        for (int r = 0; r < Rows; r++)
        {
            int start = r * Columns;
            int label = _labels[r];

            for (int k = 0; k < Classes; k++)
            {
                float sum = b[k];
                for (int j = 0; j < Columns; j++)
                {
                    sum += w[k * Columns + j] * x[start + j];
                }
                logits[k] = sum;
            }

            float max = logits[0];
            for (int k = 1; k < Classes; k++)
            {
                if (logits[k] > max) max = logits[k];
            }

            float sumExp = 0f;
            for (int k = 0; k < Classes; k++)
            {
                sumExp += MathF.Exp(logits[k] - max);
            }

            losses[r] = MathF.Log(sumExp) + max - logits[label];

            for (int k = 0; k < Classes; k++)
            {
                float g = (MathF.Exp(logits[k] - max) / sumExp - (k == label ? 1f : 0f)) * gradScale;
                db[k] += g;
                for (int j = 0; j < Columns; j++)
                {
                    dw[k * Columns + j] += g * x[start + j];
                }
            }
        }
    }

    IEnumerable<Memory<float>> ISmokeCheck.Outputs() => new[] { _losses, _weightGradient, _biasGradient };
}
