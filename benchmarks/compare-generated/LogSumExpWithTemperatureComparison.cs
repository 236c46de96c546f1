using System;
using BenchmarkDotNet.Attributes;
using BaseKernel = Compare.Base.CatalogKernels.LogSumExpWithTemperatureKernel;
using HeadKernel = Compare.Head.CatalogKernels.LogSumExpWithTemperatureKernel;

namespace Compare;

/// <summary>
/// The catalog's LogSumExpWithTemperature: <c>Log(Sum(Exp(x * t))) / t</c>, over <see cref="Inputs.Rows"/> rows, in
/// the generated code of both revisions. The temperature is a scalar shared by the rows; its gradient is one float.
/// </summary>
public class LogSumExpWithTemperatureComparison
{
    private const float GradScale = 1f / Inputs.Rows;

    private const float Temperature = 0.5f;

    [Params(10, 1000, 32000)]
    public int Columns { get; set; }

    private Memory<float> _x;
    private Memory<float> _values;
    private Memory<float> _dx;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Inputs.Seed);
        _x = Inputs.Uniform(random, Inputs.Rows * Columns, -10f, 10f);
        _values = Inputs.Aligned(Inputs.Rows);
        _dx = Inputs.Aligned(Inputs.Rows * Columns);
    }

    [Benchmark(Baseline = true, Description = "Base"), BenchmarkCategory("ForwardBatch")]
    public void ForwardBatchBase() => BaseKernel.ForwardBatch(Inputs.Rows, _x.Span, Temperature, _values.Span);

    [Benchmark(Description = "Head"), BenchmarkCategory("ForwardBatch")]
    public void ForwardBatchHead() => HeadKernel.ForwardBatch(Inputs.Rows, _x.Span, Temperature, _values.Span);

    // dt is returned so that computing it cannot be left out as dead code.
    [Benchmark(Baseline = true, Description = "Base"), BenchmarkCategory("ForwardBackwardBatch")]
    public float ForwardBackwardBatchBase()
    {
        BaseKernel.ForwardBackwardBatch(Inputs.Rows, _x.Span, Temperature, GradScale, _values.Span, _dx.Span, out float dt);
        return dt;
    }

    [Benchmark(Description = "Head"), BenchmarkCategory("ForwardBackwardBatch")]
    public float ForwardBackwardBatchHead()
    {
        HeadKernel.ForwardBackwardBatch(Inputs.Rows, _x.Span, Temperature, GradScale, _values.Span, _dx.Span, out float dt);
        return dt;
    }
}
