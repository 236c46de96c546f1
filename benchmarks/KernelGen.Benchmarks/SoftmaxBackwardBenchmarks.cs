using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace KernelGen.Benchmarks;

/// <summary>
/// Softmax forward and its vector-Jacobian product, dx = y * (dy - dot(dy, y)), as a training step needs them.
/// The generated kernel does both in three passes per row; the baselines run a forward and then a separate
/// backward, the way an autograd tape does. Read the results as ns per element: median /
/// (<see cref="Rows"/> * <see cref="Columns"/>).
/// </summary>
[BenchmarkCategory("softmax_backward")]
[MemoryDiagnoser]
public class SoftmaxBackwardBenchmarks : RowBatchBenchmarks, ISmokeCheck
{
    private Memory<float> _input;
    private Memory<float> _upstream;
    private Memory<float> _result;
    private Memory<float> _gradient;

    /// <summary>Logits uniform in [-5, 5] and an upstream gradient uniform in [-1, 1], from the fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(BenchmarkData.Seed);
        _input = BenchmarkData.Uniform(random, Rows * Columns, -5f, 5f);
        _upstream = BenchmarkData.Uniform(random, Rows * Columns, -1f, 1f);
        _result = BenchmarkData.Aligned(Rows * Columns);
        _gradient = BenchmarkData.Aligned(Rows * Columns);
    }

    /// <summary>The generated forward+backward: the forward's passes (each exp computed once), then the VJP's.
    /// Rows of 10 go eight at a time across the lanes.</summary>
    [Benchmark]
    public void KernelGen() =>
        BenchmarkKernels.SoftmaxKernel.ForwardBackwardBatch(Rows, _input.Span, _upstream.Span, _result.Span, _gradient.Span);

    /// <summary>The textbook forward, then the VJP as the textbook derives it: a dot product and an update loop
    /// per row.</summary>
    [Benchmark(Baseline = true)]
    public void NaiveScalar()
    {
        ReadOnlySpan<float> dy = _upstream.Span;
        Span<float> y = _result.Span;
        Span<float> dx = _gradient.Span;
        SoftmaxBaselines.NaiveScalar(Rows, Columns, _input.Span, y);
        for (int r = 0; r < Rows; r++)
        {
            int start = r * Columns;

            float dot = 0f;
            for (int j = 0; j < Columns; j++)
            {
                dot += dy[start + j] * y[start + j];
            }

            for (int j = 0; j < Columns; j++)
            {
                dx[start + j] = y[start + j] * (dy[start + j] - dot);
            }
        }
    }

    /// <summary>The stable library composition forward, then Dot, Subtract and Multiply per row: eight passes in
    /// all.</summary>
    [Benchmark]
    public void TensorPrimitivesStable()
    {
        ReadOnlySpan<float> dy = _upstream.Span;
        Span<float> y = _result.Span;
        Span<float> dx = _gradient.Span;
        SoftmaxBaselines.TensorPrimitivesStable(Rows, Columns, _input.Span, y);
        for (int r = 0; r < Rows; r++)
        {
            ReadOnlySpan<float> dyRow = dy.Slice(r * Columns, Columns);
            ReadOnlySpan<float> yRow = y.Slice(r * Columns, Columns);
            Span<float> dxRow = dx.Slice(r * Columns, Columns);
            float dot = TensorPrimitives.Dot(dyRow, yRow);
            TensorPrimitives.Subtract(dyRow, dot, dxRow);
            TensorPrimitives.Multiply(dxRow, yRow, dxRow);
        }
    }

    IEnumerable<Memory<float>> ISmokeCheck.Outputs() => new[] { _result, _gradient };
}
