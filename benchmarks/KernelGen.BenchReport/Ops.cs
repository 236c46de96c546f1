namespace KernelGen.BenchReport;

/// <summary>The op names: the contract between the .NET benchmark classes, kernels.py and the report.</summary>
public static class Ops
{
    public const string Softmax = "softmax";
    public const string SoftmaxBackward = "softmax_backward";
    public const string LogSumExp = "logsumexp";
    public const string CrossEntropy = "cross_entropy";
    public const string LinearCrossEntropyStep = "linear_ce_step";
    public const string LongRow = "long_row";
    public const string Exp = "exp";
    public const string Log = "log";
    public const string GeneratorCost = "generator_cost";

    /// <summary>Ops that get a per-size table and a place in the chart, in report order.</summary>
    public static readonly string[] Kernels = [Softmax, SoftmaxBackward, LogSumExp, CrossEntropy, LinearCrossEntropyStep, LongRow];

    /// <summary>A heading for an op.</summary>
    public static string Title(string op) => op switch
    {
        Softmax => "Softmax forward",
        SoftmaxBackward => "Softmax forward + backward",
        LogSumExp => "Log-sum-exp",
        CrossEntropy => "Cross-entropy forward + backward (mean)",
        LinearCrossEntropyStep => "Linear + cross-entropy step (784 features, 10 classes)",
        LongRow => "Softmax of one long row",
        _ => op,
    };

    /// <summary>The .NET benchmark class that measures each op, by class name.</summary>
    public static string? FromBenchmarkClass(string type) => type switch
    {
        "SoftmaxForwardBenchmarks" => Softmax,
        "SoftmaxBackwardBenchmarks" => SoftmaxBackward,
        "LogSumExpBenchmarks" => LogSumExp,
        "CrossEntropyBenchmarks" => CrossEntropy,
        "LongRowBenchmarks" => LongRow,
        "LinearCrossEntropyStepBenchmarks" => LinearCrossEntropyStep,
        "ExpLogBenchmarks" => Exp, // refined to exp or log per method
        "GeneratorCostBenchmarks" => GeneratorCost,
        _ => null,
    };
}
