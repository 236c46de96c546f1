using BenchmarkDotNet.Attributes;
using BaseKernel = Compare.Base.CatalogKernels.LogSoftmaxKernel;
using HeadKernel = Compare.Head.CatalogKernels.LogSoftmaxKernel;

namespace Compare;

/// <summary>The catalog's LogSoftmax: <c>Ops.LogSoftmax(x)</c>, row by row, in the generated code of both revisions.</summary>
public class LogSoftmaxComparison : RowToRowInputs
{
    [Benchmark(Baseline = true, Description = "Base"), BenchmarkCategory("ForwardBatch")]
    public void ForwardBatchBase() => BaseKernel.ForwardBatch(Inputs.Rows, X.Span, Result.Span);

    [Benchmark(Description = "Head"), BenchmarkCategory("ForwardBatch")]
    public void ForwardBatchHead() => HeadKernel.ForwardBatch(Inputs.Rows, X.Span, Result.Span);

    [Benchmark(Baseline = true, Description = "Base"), BenchmarkCategory("ForwardBackwardBatch")]
    public void ForwardBackwardBatchBase() => BaseKernel.ForwardBackwardBatch(Inputs.Rows, X.Span, DResult.Span, Result.Span, Dx.Span);

    [Benchmark(Description = "Head"), BenchmarkCategory("ForwardBackwardBatch")]
    public void ForwardBackwardBatchHead() => HeadKernel.ForwardBackwardBatch(Inputs.Rows, X.Span, DResult.Span, Result.Span, Dx.Span);
}
