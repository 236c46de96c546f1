using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace KernelGen.Benchmarks;

/// <summary>
/// Softmax forward over a batch of rows: the generated kernel against the textbook loops, the library's
/// unstable softmax and the library's stable composition, with a plain copy of the same bytes as the bound no
/// softmax can beat. Column counts run from a class count (10) through a hidden size (128) and ImageNet (1000)
/// to a vocabulary (32000), where a row no longer fits in L1. Read the results as ns per element: median /
/// (<see cref="Rows"/> * <see cref="Columns"/>).
/// </summary>
[BenchmarkCategory("softmax")]
[MemoryDiagnoser]
public class SoftmaxForwardBenchmarks : RowBatchBenchmarks, ISmokeCheck
{
    private Memory<float> _input;
    private Memory<float> _output;

    /// <summary>Logits uniform in [-5, 5] from the fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(BenchmarkData.Seed);
        _input = BenchmarkData.Uniform(random, Rows * Columns, -5f, 5f);
        _output = BenchmarkData.Aligned(Rows * Columns);
    }

    /// <summary>The generated kernel. Rows of 10 go eight at a time across the lanes; longer rows (all of these stay in
    /// cache) take a max pass, one exp per element kept in the output with its sum, then the scale.</summary>
    [Benchmark]
    public void KernelGen() => BenchmarkKernels.SoftmaxKernel.ForwardBatch(Rows, _input.Span, _output.Span);

    /// <inheritdoc cref="SoftmaxBaselines.NaiveScalar"/>
    [Benchmark(Baseline = true)]
    public void NaiveScalar() => SoftmaxBaselines.NaiveScalar(Rows, Columns, _input.Span, _output.Span);

    /// <inheritdoc cref="SoftmaxBaselines.TensorPrimitivesSoftMax"/>
    [Benchmark]
    public void TensorPrimitivesSoftMax() => SoftmaxBaselines.TensorPrimitivesSoftMax(Rows, Columns, _input.Span, _output.Span);

    /// <inheritdoc cref="SoftmaxBaselines.TensorPrimitivesStable"/>
    [Benchmark]
    public void TensorPrimitivesStable() => SoftmaxBaselines.TensorPrimitivesStable(Rows, Columns, _input.Span, _output.Span);

    /// <summary>Reads the input and writes the output once, nothing else: the memory-bandwidth bound.</summary>
    [Benchmark]
    public void Copy() => _input.Span.CopyTo(_output.Span);

    IEnumerable<Memory<float>> ISmokeCheck.Outputs() => new[] { _output };
}
