using KernelGen.Training;
using Spectre.Console;

namespace SoftmaxRegressionSample;

/// <summary>A batch larger than the data set is the whole set: said once, not an overflow or a wasted allocation.</summary>
internal static class BatchSizes
{
    public static TrainingOptions Cap(TrainingOptions options, int examples)
    {
        if (options.BatchSize <= examples) return options;
        AnsiConsole.MarkupLine($"[yellow]note:[/] batch {options.BatchSize} is more than the {examples} training examples: each epoch is one batch of {examples}.");
        return options with { BatchSize = examples };
    }
}
