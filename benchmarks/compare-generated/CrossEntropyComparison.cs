using System;
using BenchmarkDotNet.Attributes;
using BaseKernel = Compare.Base.CatalogKernels.CrossEntropyKernel;
using HeadKernel = Compare.Head.CatalogKernels.CrossEntropyKernel;

namespace Compare;

/// <summary>
/// The catalog's CrossEntropy: <c>-Log(Softmax(z))[y]</c> with integer labels, over <see cref="Inputs.Rows"/> rows,
/// in the generated code of both revisions. The gradient is that of the mean over the batch.
/// </summary>
public class CrossEntropyComparison
{
    private const float GradScale = 1f / Inputs.Rows;

    [Params(10, 128, 1000, 32000)]
    public int Columns { get; set; }

    private Memory<float> _z;
    private int[] _y = Array.Empty<int>();
    private Memory<float> _values;
    private Memory<float> _dz;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Inputs.Seed);
        _z = Inputs.Uniform(random, Inputs.Rows * Columns, -10f, 10f);
        _y = Inputs.Labels(random, Inputs.Rows, Columns);
        _values = Inputs.Aligned(Inputs.Rows);
        _dz = Inputs.Aligned(Inputs.Rows * Columns);
    }

    [Benchmark(Baseline = true, Description = "Base"), BenchmarkCategory("ForwardBatch")]
    public void ForwardBatchBase() => BaseKernel.ForwardBatch(Inputs.Rows, _z.Span, _y, _values.Span);

    [Benchmark(Description = "Head"), BenchmarkCategory("ForwardBatch")]
    public void ForwardBatchHead() => HeadKernel.ForwardBatch(Inputs.Rows, _z.Span, _y, _values.Span);

    [Benchmark(Baseline = true, Description = "Base"), BenchmarkCategory("ForwardBackwardBatch")]
    public void ForwardBackwardBatchBase() =>
        BaseKernel.ForwardBackwardBatch(Inputs.Rows, _z.Span, _y, GradScale, _values.Span, _dz.Span);

    [Benchmark(Description = "Head"), BenchmarkCategory("ForwardBackwardBatch")]
    public void ForwardBackwardBatchHead() =>
        HeadKernel.ForwardBackwardBatch(Inputs.Rows, _z.Span, _y, GradScale, _values.Span, _dz.Span);
}
