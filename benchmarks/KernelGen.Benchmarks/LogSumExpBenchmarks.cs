using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace KernelGen.Benchmarks;

/// <summary>
/// Log-sum-exp per row, the reduction inside log-softmax, cross-entropy and attention. The kernel is written
/// naively, <c>Log(Sum(Exp(x)))</c>, and the generator makes it stable; the baselines write the stable form by
/// hand. Only one float per row is written, so this measures the reduction alone. Read the results as ns per
/// element: median / (<see cref="Rows"/> * <see cref="Columns"/>).
/// </summary>
[BenchmarkCategory("logsumexp")]
[MemoryDiagnoser]
public class LogSumExpBenchmarks : RowBatchBenchmarks, ISmokeCheck
{
    private Memory<float> _input;
    private Memory<float> _values;
    private Memory<float> _scratch;

    /// <summary>Logits uniform in [-5, 5] from the fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(BenchmarkData.Seed);
        _input = BenchmarkData.Uniform(random, Rows * Columns, -5f, 5f);
        _values = BenchmarkData.Aligned(Rows);
        _scratch = BenchmarkData.Aligned(Columns);
    }

    /// <summary>The generated kernel. Rows of 10 go eight at a time across the lanes; longer rows (all of these stay in
    /// cache) take a max pass, then the sum of exps.</summary>
    [Benchmark]
    public void KernelGen() => BenchmarkKernels.LogSumExpKernel.ForwardBatch(Rows, _input.Span, _values.Span);

    /// <summary>The textbook stable form: a max loop, a sum-of-exp loop, then log(sum) + max.</summary>
    [Benchmark(Baseline = true)]
    public void NaiveScalar()
    {
        ReadOnlySpan<float> x = _input.Span;
        Span<float> values = _values.Span;
        for (int r = 0; r < Rows; r++)
        {
            int start = r * Columns;

            float max = x[start];
            for (int j = 1; j < Columns; j++)
            {
                if (x[start + j] > max) max = x[start + j];
            }

            float sum = 0f;
            for (int j = 0; j < Columns; j++)
            {
                sum += MathF.Exp(x[start + j] - max);
            }

            values[r] = MathF.Log(sum) + max;
        }
    }

    /// <summary>The stable form from library calls: Max, Subtract into a scratch row, Exp, Sum, then
    /// log(sum) + max. The library has no fused sum of exp of a shifted row, so the scratch row is written and
    /// read again.</summary>
    [Benchmark]
    public void TensorPrimitivesStable()
    {
        ReadOnlySpan<float> x = _input.Span;
        Span<float> values = _values.Span;
        Span<float> scratch = _scratch.Span;
        for (int r = 0; r < Rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * Columns, Columns);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, scratch);
            TensorPrimitives.Exp(scratch, scratch);
            values[r] = MathF.Log(TensorPrimitives.Sum(scratch)) + max;
        }
    }

    IEnumerable<Memory<float>> ISmokeCheck.Outputs() => new[] { _values };
}
