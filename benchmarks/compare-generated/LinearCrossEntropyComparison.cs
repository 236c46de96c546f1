using System;
using BenchmarkDotNet.Attributes;
using BaseKernel = Compare.Base.CatalogKernels.LinearCrossEntropyKernel;
using HeadKernel = Compare.Head.CatalogKernels.LinearCrossEntropyKernel;

namespace Compare;

/// <summary>
/// The catalog's LinearCrossEntropy: <c>CrossEntropy(w * x + b, y)</c>, one softmax-regression step on an MNIST-sized
/// batch, in the generated code of both revisions. x and y are per row; w (classes × features) and b ([Shared]) are
/// one for the batch, and their gradients are summed over the rows.
/// </summary>
public class LinearCrossEntropyComparison
{
    private const int Features = 784;
    private const int Classes = 10;
    private const float GradScale = 1f / Inputs.Rows;

    private Memory<float> _x;
    private Memory<float> _w;
    private Memory<float> _b;
    private int[] _y = Array.Empty<int>();
    private Memory<float> _values;
    private Memory<float> _dx;
    private Memory<float> _dw;
    private Memory<float> _db;

    /// <summary>Pixels in [0, 1) and a small random model, so the logits have a trained classifier's spread.</summary>
    /// <remarks>The gradient buffers have exactly the lengths the generated argument checks demand. Both revisions
    /// clear dw and db before summing into them, so a call does not depend on the previous one.</remarks>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Inputs.Seed);
        _x = Inputs.Uniform(random, Inputs.Rows * Features, 0f, 1f);
        _w = Inputs.Uniform(random, Classes * Features, -0.1f, 0.1f);
        _b = Inputs.Uniform(random, Classes, -1f, 1f);
        _y = Inputs.Labels(random, Inputs.Rows, Classes);
        _values = Inputs.Aligned(Inputs.Rows);
        _dx = Inputs.Aligned(Inputs.Rows * Features);
        _dw = Inputs.Aligned(Classes * Features);
        _db = Inputs.Aligned(Classes);
    }

    [Benchmark(Baseline = true, Description = "Base"), BenchmarkCategory("ForwardBackwardBatch")]
    public void ForwardBackwardBatchBase() =>
        BaseKernel.ForwardBackwardBatch(Inputs.Rows, _x.Span, _w.Span, _b.Span, _y, GradScale, _values.Span, _dx.Span, _dw.Span, _db.Span);

    [Benchmark(Description = "Head"), BenchmarkCategory("ForwardBackwardBatch")]
    public void ForwardBackwardBatchHead() =>
        HeadKernel.ForwardBackwardBatch(Inputs.Rows, _x.Span, _w.Span, _b.Span, _y, GradScale, _values.Span, _dx.Span, _dw.Span, _db.Span);
}
