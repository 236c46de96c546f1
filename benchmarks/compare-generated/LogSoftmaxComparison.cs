using System;
using BenchmarkDotNet.Attributes;
using BaseKernel = Compare.Base.CatalogKernels.LogSoftmaxKernel;
using HeadKernel = Compare.Head.CatalogKernels.LogSoftmaxKernel;

namespace Compare;

/// <summary>
/// The catalog's LogSoftmax: <c>Ops.LogSoftmax(x)</c>, row by row over <see cref="Inputs.Rows"/> rows, in the generated code of
/// both revisions.
/// The backward pass takes a random upstream gradient, so no row's vector-Jacobian product is trivial.
/// </summary>
public class LogSoftmaxComparison
{
    [Params(10, 128, 1000, 32000)]
    public int Columns { get; set; }

    private Memory<float> _x;
    private Memory<float> _dResult;
    private Memory<float> _result;
    private Memory<float> _dx;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Inputs.Seed);
        int length = Inputs.Rows * Columns;
        _x = Inputs.Uniform(random, length, -10f, 10f);
        _dResult = Inputs.Uniform(random, length, -1f, 1f);
        _result = Inputs.Aligned(length);
        _dx = Inputs.Aligned(length);
    }

    [Benchmark(Baseline = true, Description = "Base"), BenchmarkCategory("ForwardBatch")]
    public void ForwardBatchBase() => BaseKernel.ForwardBatch(Inputs.Rows, _x.Span, _result.Span);

    [Benchmark(Description = "Head"), BenchmarkCategory("ForwardBatch")]
    public void ForwardBatchHead() => HeadKernel.ForwardBatch(Inputs.Rows, _x.Span, _result.Span);

    [Benchmark(Baseline = true, Description = "Base"), BenchmarkCategory("ForwardBackwardBatch")]
    public void ForwardBackwardBatchBase() =>
        BaseKernel.ForwardBackwardBatch(Inputs.Rows, _x.Span, _dResult.Span, _result.Span, _dx.Span);

    [Benchmark(Description = "Head"), BenchmarkCategory("ForwardBackwardBatch")]
    public void ForwardBackwardBatchHead() =>
        HeadKernel.ForwardBackwardBatch(Inputs.Rows, _x.Span, _dResult.Span, _result.Span, _dx.Span);
}
