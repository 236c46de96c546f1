using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KernelGen;
using KernelGen.Data;
using KernelGen.Plots;
using KernelGen.Samples;
using KernelGen.Training;
using Spectre.Console;

namespace SoftmaxRegressionSample;

/// <summary>`sweep`: every combination of learning rates and batch sizes, test loss and accuracy per epoch, CSV, plots and a table.</summary>
internal sealed class SweepCommand(TrainingOptions options, Dataset train, Dataset test, IReadOnlyList<float> rates, IReadOnlyList<int> batchSizes, string outDirectory) : IModelAction
{
    public static int Run(TrainingOptions options, DataSource source, IReadOnlyList<float> rates, IReadOnlyList<int> batchSizes, string outDirectory)
    {
        HyperparameterSweep.Validate(options, rates, batchSizes);
        OutputPaths.CheckDirectory(outDirectory, "--out");
        var (train, test, dir) = source.Load();
        AnsiConsole.MarkupLine($"Sweep on [bold]{Markup.Escape(dir)}[/]: lr {string.Join(", ", rates)} x batch {string.Join(", ", batchSizes)}, {options.Epochs} epochs each, " +
            $"weight decay {options.WeightDecay}, momentum {options.Momentum}, schedule {options.Schedule}, seed {options.Seed}, threads {options.Threads}");
        return SoftmaxModel.Run(train.Features, train.Classes, new SweepCommand(options, train, test, rates, batchSizes, outDirectory));
    }

    public int Run<TLoss, TLogits>(ParameterSet parameters) where TLoss : ILossKernel where TLogits : IKernel
    {
        parameters.InitializeNormal(options.Seed);
        var records = HyperparameterSweep.Run<TLoss, TLogits>(parameters, train, test, rates, batchSizes, options, r =>
            AnsiConsole.MarkupLine(r.Diverged
                ? $"{Markup.Escape(r.Run)}, epoch {r.Epoch}: [red]diverged[/]"
                : $"{Markup.Escape(r.Run)}, epoch {r.Epoch}: train loss {r.TrainLoss:F4}, test loss {r.TestLoss:F4}, test acc {r.TestAccuracy:F4}, {r.Milliseconds:F0} ms"));

        Directory.CreateDirectory(outDirectory);
        string csv = Path.Combine(outDirectory, "sweep.csv"), svg = Path.Combine(outDirectory, "sweep.svg"), lossSvg = Path.Combine(outDirectory, "sweep-loss.svg");
        SweepCsv.Write(csv, records);
        SweepPlot.Chart(records).Save(svg);
        SweepPlot.LossChart(records).Save(lossSvg);

        var table = new Table().AddColumns("lr", "batch", "epochs", "train loss", "test loss", "test acc", "best test acc", "time");
        foreach (var run in records.GroupBy(r => (r.LearningRate, r.BatchSize)))
        {
            var last = run.Last();
            var finite = run.Where(r => !r.Diverged).ToList();
            table.AddRow(run.Key.LearningRate.ToString("G3"), run.Key.BatchSize.ToString(), last.Diverged ? $"[red]diverged in {last.Epoch}[/]" : last.Epoch.ToString(),
                last.Diverged ? "-" : last.TrainLoss.ToString("F4"), last.Diverged ? "-" : last.TestLoss.ToString("F4"), last.Diverged ? "-" : last.TestAccuracy.ToString("F4"),
                finite.Count == 0 ? "-" : finite.Max(r => r.TestAccuracy).ToString("F4"), $"{finite.Sum(r => r.Milliseconds):F0} ms");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(csv)}, {Markup.Escape(svg)} and {Markup.Escape(lossSvg)}");
        return 0;
    }
}
