using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace KernelGen.Benchmarks;

/// <summary>
/// Softmax forward of a single row of 4M floats (16 MB in, 16 MB out), as in attention over a long sequence or a
/// softmax over a whole image. The row is far larger than a core's L2, so every extra pass over it goes out to L3 or
/// DRAM, and the copy shows that bound; in the batch benchmarks a row fits in L2 and its second pass is cheap, so
/// only here does the number of passes show in full. Read the results as ns per element: median /
/// (<see cref="Rows"/> * <see cref="Columns"/>).
/// </summary>
[BenchmarkCategory("long_row")]
[MemoryDiagnoser]
public class LongRowBenchmarks : ISmokeCheck
{
    private Memory<float> _input;
    private Memory<float> _output;

    /// <summary>Elements in the row.</summary>
    [Params(4194304), SmokeParams(1000)]
    public int Columns { get; set; }

    /// <summary>One row.</summary>
    [Params(1)]
    public int Rows { get; set; }

    /// <summary>Logits uniform in [-5, 5] from the fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(BenchmarkData.Seed);
        _input = BenchmarkData.Uniform(random, Rows * Columns, -5f, 5f);
        _output = BenchmarkData.Aligned(Rows * Columns);
    }

    /// <summary>The generated kernel: a row this long (past 2^20 elements) streams from memory in two passes, an
    /// online max and sum, then the scaled exps.</summary>
    [Benchmark]
    public void KernelGen() => BenchmarkKernels.SoftmaxKernel.ForwardBatch(Rows, _input.Span, _output.Span);

    /// <inheritdoc cref="SoftmaxBaselines.TensorPrimitivesSoftMax"/>
    [Benchmark]
    public void TensorPrimitivesSoftMax() => SoftmaxBaselines.TensorPrimitivesSoftMax(Rows, Columns, _input.Span, _output.Span);

    /// <inheritdoc cref="SoftmaxBaselines.TensorPrimitivesStable"/>
    [Benchmark]
    public void TensorPrimitivesStable() => SoftmaxBaselines.TensorPrimitivesStable(Rows, Columns, _input.Span, _output.Span);

    /// <inheritdoc cref="SoftmaxBaselines.NaiveScalar"/>
    [Benchmark(Baseline = true)]
    public void NaiveScalar() => SoftmaxBaselines.NaiveScalar(Rows, Columns, _input.Span, _output.Span);

    /// <summary>Reads the row and writes it once, nothing else: the memory-bandwidth bound.</summary>
    [Benchmark]
    public void Copy() => _input.Span.CopyTo(_output.Span);

    IEnumerable<Memory<float>> ISmokeCheck.Outputs() => new[] { _output };
}
