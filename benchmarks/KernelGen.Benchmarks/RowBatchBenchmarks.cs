using BenchmarkDotNet.Attributes;

namespace KernelGen.Benchmarks;

/// <summary>
/// The shape the row-wise benchmarks share: a batch of 256 rows of 10 (the softmax-regression classes), 128,
/// 1000 or 32000 (a large vocabulary) elements. Read their results as ns per element: median /
/// (<see cref="Rows"/> * <see cref="Columns"/>).
/// </summary>
public abstract class RowBatchBenchmarks
{
    /// <summary>Elements (classes) per row.</summary>
    [Params(10, 128, 1000, 32000), SmokeParams(10, 37)]
    public int Columns { get; set; }

    /// <summary>Rows in the batch.</summary>
    [Params(256), SmokeParams(3)]
    public int Rows { get; set; }
}
