using System;
using BenchmarkDotNet.Attributes;

namespace Compare;

/// <summary>
/// The inputs of a kernel that maps each row to a row (Softmax, LogSoftmax): <see cref="Inputs.Rows"/> rows of logits
/// in [-10, 10], and a random upstream gradient, so no row's vector-Jacobian product is trivial.
/// </summary>
public abstract class RowToRowInputs
{
    [Params(10, 128, 1000, 32000)]
    public int Columns { get; set; }

    protected Memory<float> X { get; private set; }

    protected Memory<float> DResult { get; private set; }

    protected Memory<float> Result { get; private set; }

    protected Memory<float> Dx { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Inputs.Seed);
        int length = Inputs.Rows * Columns;
        X = Inputs.Uniform(random, length, -10f, 10f);
        DResult = Inputs.Uniform(random, length, -1f, 1f);
        Result = Inputs.Aligned(length);
        Dx = Inputs.Aligned(length);
    }
}
