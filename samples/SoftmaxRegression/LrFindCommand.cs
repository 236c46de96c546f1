using System;
using System.IO;
using System.Linq;
using KernelGen;
using KernelGen.Data;
using KernelGen.Plots;
using KernelGen.Samples;
using KernelGen.Training;
using Spectre.Console;

namespace SoftmaxRegressionSample;

/// <summary>`lr-find`: the exponential learning-rate sweep, its plot and the suggested rate.</summary>
internal sealed class LrFindCommand(TrainingOptions options, Dataset train, string outDirectory, int steps) : IModelAction
{
    public static int Run(TrainingOptions options, DataSource source, string outDirectory, int steps)
    {
        options.Validate();
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"--steps must be at least 2, not {steps}.");
        OutputPaths.CheckDirectory(outDirectory, "--out");
        var (train, _, dir) = source.Load();
        options = BatchSizes.Cap(options, train.Count);
        AnsiConsole.MarkupLine($"LR finder on [bold]{Markup.Escape(dir)}[/]: {steps} steps of batch {options.BatchSize}, lr from 1e-5 to 1");
        return SoftmaxModel.Run(train.Features, train.Classes, new LrFindCommand(options, train, outDirectory, steps));
    }

    public int Run<TLoss, TLogits>(ParameterSet parameters) where TLoss : ILossKernel where TLogits : IKernel
    {
        parameters.InitializeNormal(options.Seed);
        var sweep = LearningRateFinder.Run<TLoss>(parameters, train, options, steps);
        var table = new Table().AddColumns("step", "lr", "loss");
        for (int i = 0; i < sweep.Rates.Count; i += Math.Max(1, sweep.Rates.Count / 20))
            table.AddRow((i + 1).ToString(), sweep.Rates[i].ToString("E2"), sweep.Losses[i].ToString("F4"));
        AnsiConsole.Write(table);
        Directory.CreateDirectory(outDirectory);
        string plot = Path.Combine(outDirectory, "lr-find.svg");
        double firstLoss = sweep.Losses.FirstOrDefault(double.IsFinite);
        LrFinderPlot.Save(plot, sweep.Rates.ToList(), sweep.Losses.ToList(), maxLoss: double.IsFinite(firstLoss) ? 2 * firstLoss : null);
        AnsiConsole.MarkupLine($"Suggested learning rate: [bold]{sweep.SuggestedRate:G3}[/] (where the smoothed loss was lowest); plot: {Markup.Escape(plot)}");
        if (sweep.SuggestedRate >= sweep.Rates[^1])
            AnsiConsole.MarkupLine("The loss was still falling at the end of the sweep: the largest stable rate is at least this, and may be higher.");
        return 0;
    }
}
