using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen;
using KernelGen.Data;
using KernelGen.Plots;
using KernelGen.Samples;
using KernelGen.Training;
using Spectre.Console;

namespace SoftmaxRegressionSample;

/// <summary>`train`: minibatch SGD on the training set, a line per epoch, a checkpoint if asked, then the plots.</summary>
internal sealed class TrainCommand(TrainingOptions options, Dataset train, Dataset test, string dataDirectory, string outDirectory, string? savePath, string? logPath) : IModelAction
{
    public static int Run(TrainingOptions options, DataSource source, string outDirectory, string? savePath, string? logPath, string presetName)
    {
        // Everything that can be wrong with the command line fails now, before the data is read or a minute is trained.
        options.Validate();
        OutputPaths.CheckDirectory(outDirectory, "--out");
        if (savePath is not null) OutputPaths.CheckFile(savePath, "--save");

        var (train, test, dir) = source.Load();
        AnsiConsole.MarkupLine($"Data: [bold]{Markup.Escape(dir)}[/] ({train.Count} training, {test.Count} test images of {train.Rows}x{train.Columns}, {train.Classes} classes)");
        options = BatchSizes.Cap(options, train.Count);
        AnsiConsole.MarkupLine($"Model: softmax regression ({train.Features} x {train.Classes}); preset {presetName}: epochs {options.Epochs}, batch {options.BatchSize}, lr {options.LearningRate}, " +
            $"weight decay {options.WeightDecay}, momentum {options.Momentum}, schedule {options.Schedule}, seed {options.Seed}, threads {options.Threads}");
        return SoftmaxModel.Run(train.Features, train.Classes, new TrainCommand(options, train, test, dir, outDirectory, savePath, logPath));
    }

    public int Run<TLoss, TLogits>(ParameterSet parameters) where TLoss : ILossKernel where TLogits : IKernel
    {
        parameters.InitializeNormal(options.Seed);
        using var trainer = new Trainer<TLoss, TLogits>(parameters, options);
        using var log = logPath is null ? null : new EpochLog(logPath);
        var batches = new Minibatches(train.Count, options.BatchSize, options.Seed);
        var reports = new List<EpochReport>();

        var table = new Table().AddColumns("epoch", "lr", "train loss", "test loss", "test acc", "time", "examples/s");
        try
        {
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                var report = TrainEpoch(trainer, batches, epoch);
                reports.Add(report);
                AnsiConsole.MarkupLine($"epoch {report.Epoch,2}: train loss {report.TrainLoss:F4}, test loss {report.TestLoss:F4}, test acc {report.TestAccuracy:F4}, " +
                    $"{report.Duration.TotalMilliseconds:F0} ms, {report.ExamplesPerSecond:N0} examples/s");
                log?.Write(report.Epoch, report.LearningRate, report.TrainLoss, report.TestLoss, report.TestAccuracy, report.Duration.TotalMilliseconds, report.ExamplesPerSecond);
                table.AddRow(report.Epoch.ToString(), report.LearningRate.ToString("G3"), report.TrainLoss.ToString("F4"), report.TestLoss.ToString("F4"),
                    report.TestAccuracy.ToString("F4"), $"{report.Duration.TotalMilliseconds:F0} ms", report.ExamplesPerSecond.ToString("N0"));
            }
        }
        catch (TrainingDivergedException diverged)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(diverged.Message)}[/] No checkpoint was written.");
            return 2;
        }

        AnsiConsole.Write(table);
        var epochTimes = reports.Select(r => r.Duration.TotalMilliseconds).OrderBy(t => t).ToList();
        AnsiConsole.MarkupLine($"Median epoch time: {epochTimes[epochTimes.Count / 2]:F0} ms; summed epoch times {epochTimes.Sum() / 1000:F2} s; final test accuracy [bold]{reports[^1].TestAccuracy:F4}[/]");

        // The model first: nothing written after it (plots, the confusion matrix) can lose it.
        if (savePath is not null)
        {
            var last = reports[^1];
            parameters.ToCheckpoint(new KernelGen.Checkpoints.CheckpointMetadata
            {
                EpochsTrained = reports.Count,
                LearningRate = options.LearningRate,
                Seed = options.Seed,
                TrainAccuracy = double.NaN,
                TestAccuracy = last.TestAccuracy,
                Note = $"softmax regression on {dataDirectory}",
            }).Save(savePath);
            AnsiConsole.MarkupLine($"Checkpoint: {Markup.Escape(savePath)}");
        }

        var confusion = Evaluator.Confusion<TLogits>(parameters, test, options.Threads);
        AnsiConsole.WriteLine("Confusion matrix on the test set (rows: actual, columns: predicted):");
        Console.WriteLine(confusion.ToText());

        var (lossPlot, accuracyPlot) = TrainingPlots.Write(outDirectory, reports.Select(r => new EpochMetrics(r.Epoch, r.TrainLoss, r.TestLoss, r.TestAccuracy)).ToList());
        AnsiConsole.MarkupLine($"Plots: {Markup.Escape(lossPlot)}, {Markup.Escape(accuracyPlot ?? "")}");
        return 0;
    }

    /// <summary>One epoch, with a live progress bar on a terminal and none in a file or a pipe.</summary>
    private EpochReport TrainEpoch<TLoss>(Trainer<TLoss> trainer, Minibatches batches, int epoch) where TLoss : ILossKernel
    {
        if (!PlainConsole.Interactive)
        {
            trainer.BatchDone = null;
            return trainer.TrainEpoch(train, test, batches, epoch);
        }
        EpochReport report = null!;
        AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"epoch {epoch + 1}/{options.Epochs}", maxValue: batches.BatchesPerEpoch);
                trainer.BatchDone = (done, _) => task.Value = done;
                report = trainer.TrainEpoch(train, test, batches, epoch);
            });
        return report;
    }
}
