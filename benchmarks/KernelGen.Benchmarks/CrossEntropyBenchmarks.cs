using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace KernelGen.Benchmarks;

/// <summary>
/// Softmax cross-entropy with integer labels, forward and backward, mean over the batch (so each row's gradient
/// is scaled by 1 / <see cref="Rows"/>): the loss layer of every classifier. Each method writes the per-row loss
/// and dz = (softmax(z) - onehot(y)) / rows. Read the results as ns per element: median /
/// (<see cref="Rows"/> * <see cref="Columns"/>).
/// </summary>
[BenchmarkCategory("cross_entropy")]
[MemoryDiagnoser]
public class CrossEntropyBenchmarks : RowBatchBenchmarks, ISmokeCheck
{
    private Memory<float> _logits;
    private int[] _labels = Array.Empty<int>();
    private Memory<float> _losses;
    private Memory<float> _gradient;

    /// <summary>Logits uniform in [-5, 5] and labels uniform over the classes, from the fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(BenchmarkData.Seed);
        _logits = BenchmarkData.Uniform(random, Rows * Columns, -5f, 5f);
        _labels = BenchmarkData.Labels(random, Rows, Columns);
        _losses = BenchmarkData.Aligned(Rows);
        _gradient = BenchmarkData.Aligned(Rows * Columns);
    }

    /// <summary>The generated forward+backward of <c>-Log(Softmax(z))[y]</c>, which the generator turns into
    /// logsumexp(z) - z[y]: a max pass, one exp per element kept in dz with its sum, then dz scaled (the one-hot
    /// term at the label only). Rows of 10 go eight at a time across the lanes.</summary>
    [Benchmark]
    public void KernelGen() =>
        BenchmarkKernels.CrossEntropyKernel.ForwardBackwardBatch(Rows, _logits.Span, _labels, 1f / Rows, _losses.Span, _gradient.Span);

    /// <summary>The textbook loss and gradient: max, the exps (kept in dz) and their sum, loss =
    /// log(sum) + max - z[y], then dz = (exp / sum - onehot) / rows.</summary>
    [Benchmark(Baseline = true)]
    public void NaiveScalar()
    {
        ReadOnlySpan<float> z = _logits.Span;
        Span<float> losses = _losses.Span;
        Span<float> dz = _gradient.Span;
        float gradScale = 1f / Rows;
        for (int r = 0; r < Rows; r++)
        {
            int start = r * Columns;
            int label = _labels[r];

            float max = z[start];
            for (int j = 1; j < Columns; j++)
            {
                if (z[start + j] > max) max = z[start + j];
            }

            float sum = 0f;
            for (int j = 0; j < Columns; j++)
            {
                float e = MathF.Exp(z[start + j] - max);
                dz[start + j] = e;
                sum += e;
            }

            losses[r] = MathF.Log(sum) + max - z[start + label];

            for (int j = 0; j < Columns; j++)
            {
                float p = dz[start + j] / sum;
                dz[start + j] = (p - (j == label ? 1f : 0f)) * gradScale;
            }
        }
    }

    /// <summary>The same from library calls: Max, Subtract, Exp, Sum, the loss from the sum, then one Multiply
    /// for the scaled softmax and a single store for the one-hot.</summary>
    [Benchmark]
    public void TensorPrimitivesStable()
    {
        ReadOnlySpan<float> z = _logits.Span;
        Span<float> losses = _losses.Span;
        Span<float> dz = _gradient.Span;
        float gradScale = 1f / Rows;
        for (int r = 0; r < Rows; r++)
        {
            ReadOnlySpan<float> row = z.Slice(r * Columns, Columns);
            Span<float> gradient = dz.Slice(r * Columns, Columns);
            int label = _labels[r];
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, gradient);
            TensorPrimitives.Exp(gradient, gradient);
            float sum = TensorPrimitives.Sum(gradient);
            losses[r] = MathF.Log(sum) + max - row[label];
            TensorPrimitives.Multiply(gradient, gradScale / sum, gradient);
            gradient[label] -= gradScale;
        }
    }

    IEnumerable<Memory<float>> ISmokeCheck.Outputs() => new[] { _losses, _gradient };
}
