using System.Collections.Generic;

namespace KernelGen.BenchReport;

public enum TargetStatus { Met, Missed, NotMeasured }

/// <summary>One performance goal and what this run measured for it.</summary>
/// <param name="Name">What is compared, e.g. "softmax 256×1000 vs PyTorch 1 thread".</param>
/// <param name="Measured">A speed-up (peer time / ours) or, with <paramref name="IsFraction"/>, a fraction; null if not measured.</param>
/// <param name="Threshold">The goal for <paramref name="Measured"/>.</param>
/// <param name="Strict">"Faster than": the goal is to exceed the threshold, not just reach it.</param>
public sealed record TargetResult(string Name, double? Measured, double Threshold, bool Strict = false, bool IsFraction = false)
{
    public TargetStatus Status => Measured is not { } m ? TargetStatus.NotMeasured
        : (Strict ? m > Threshold : m >= Threshold) ? TargetStatus.Met : TargetStatus.Missed;

    public string Goal => IsFraction ? "≥ " + Numbers.Percent(Threshold)
        : Strict && Threshold == 1 ? "faster (> 1×)"
        : (Strict ? "> " : "≥ ") + Numbers.Ratio(Threshold);

    public string MeasuredText => Measured is not { } m ? "not measured" : IsFraction ? Numbers.Percent(m) : Numbers.Ratio(m);
}

/// <summary>The project's performance goals, evaluated on one run's results.</summary>
public static class Targets
{
    private static readonly Size Narrow = new(256, 10);
    private static readonly Size Wide = new(256, 1000);
    private static readonly Size VeryWide = new(256, 32000);
    public static readonly Size LongRow = new(1, 4194304);

    public static List<TargetResult> Evaluate(ResultSet results, MnistResults mnist)
    {
        var targets = new List<TargetResult>();
        foreach (var size in new[] { Wide, VeryWide })
        {
            targets.Add(new($"softmax {size} vs PyTorch 1 thread", results.Speedup(Ops.Softmax, size, Series.PyTorch1), 3));
            targets.Add(new($"softmax {size} vs TensorPrimitives.SoftMax (unstable)", results.Speedup(Ops.Softmax, size, Series.TensorPrimitivesSoftMax), 1, Strict: true));
        }
        targets.Add(new($"softmax {Narrow} vs PyTorch 1 thread", results.Speedup(Ops.Softmax, Narrow, Series.PyTorch1), 5));
        targets.Add(new($"softmax {Narrow} vs TensorPrimitives stable", results.Speedup(Ops.Softmax, Narrow, Series.TensorPrimitivesStable), 3));
        foreach (var size in new[] { Wide, VeryWide })
            targets.Add(new($"cross_entropy {size} vs PyTorch 1 thread", results.Speedup(Ops.CrossEntropy, size, Series.PyTorch1), 4));
        targets.Add(new("exp: KernelGen's VectorMath.Exp vs Vector256.Exp (4096 floats)", ExpSpeedup(results), 1.5));
        targets.Add(new($"long row {LongRow}: softmax's effective bandwidth vs memory copy", Bandwidth.FractionOfCopy(results, LongRow), 0.70, IsFraction: true));
        double? mnistSpeedup = mnist.Find(Impls.KernelGen, 1) is { } ours && mnist.Find(Impls.PyTorch, 1) is { } theirs ? theirs.MedianMs / ours.MedianMs : null;
        targets.Add(new("MNIST epoch vs PyTorch, 1 thread each", mnistSpeedup, 20));
        return targets;
    }

    /// <summary>VectorMath's exp against the BCL's Vector256.Exp on the one size the exp benchmark has.</summary>
    public static double? ExpSpeedup(ResultSet results)
    {
        var sizes = results.Sizes(Ops.Exp);
        return sizes.Count == 0 ? null
            : results.Speedup(Ops.Exp, sizes[^1], new Series("Vector256", null), new Series("VectorMath", null));
    }
}
