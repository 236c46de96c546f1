using System;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace KernelGen.Benchmarks;

/// <summary>
/// Softmax over 256 rows: the generated kernel against .NET's TensorPrimitives.SoftMax (no max shift: NaN on
/// large inputs) and against the stable composition of TensorPrimitives calls (max, subtract, exp, sum, divide).
/// </summary>
[MemoryDiagnoser]
public class SoftmaxBenchmarks
{
    private const int Rows = 256;
    private float[] _input = Array.Empty<float>();
    private float[] _output = Array.Empty<float>();

    [Params(1000, 32000)]
    public int Columns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _input = new float[Rows * Columns];
        _output = new float[Rows * Columns];
        for (int i = 0; i < _input.Length; i++) _input[i] = (float)(random.NextDouble() * 10 - 5);
    }

    [Benchmark(Description = "generated softmax")]
    public void Generated() => BenchmarkKernels.SoftmaxKernel.ForwardBatch(Rows, _input, _output);

    [Benchmark(Baseline = true, Description = "TensorPrimitives.SoftMax (unstable)")]
    public void TensorPrimitivesSoftMax()
    {
        for (int r = 0; r < Rows; r++)
            TensorPrimitives.SoftMax(_input.AsSpan(r * Columns, Columns), _output.AsSpan(r * Columns, Columns));
    }

    [Benchmark(Description = "TensorPrimitives stable composition")]
    public void TensorPrimitivesStable()
    {
        for (int r = 0; r < Rows; r++)
        {
            var row = _input.AsSpan(r * Columns, Columns);
            var result = _output.AsSpan(r * Columns, Columns);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, result);
            TensorPrimitives.Exp(result, result);
            float sum = TensorPrimitives.Sum(result);
            TensorPrimitives.Divide(result, sum, result);
        }
    }
}
