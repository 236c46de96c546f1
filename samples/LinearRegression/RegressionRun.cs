using System;
using System.Globalization;
using System.Linq;
using KernelGen;
using KernelGen.Data;
using KernelGen.Training;
using Spectre.Console;

namespace LinearRegressionSample;

/// <summary>Trains one of the <see cref="RegressionLosses"/> and reports the learned parameters.</summary>
internal static class RegressionRun
{
    public static int Run(string loss, Dataset data, TrainingOptions options) => loss switch
    {
        "huber" => Train<RegressionLosses.HuberLossKernel>(data, options),
        _ => Train<RegressionLosses.SquaredLossKernel>(data, options),
    };

    private static int Train<TLoss>(Dataset data, TrainingOptions options) where TLoss : ILossKernel
    {
        var parameters = ParameterSet.For<TLoss>(ParameterShape.Matrix("w", data.TargetLength, data.Features), ParameterShape.Vector("b", data.TargetLength));
        parameters.InitializeNormal(options.Seed);
        AnsiConsole.MarkupLine($"Model: {Markup.Escape(TLoss.Signature.Name)}, epochs {options.Epochs}, batch {options.BatchSize}, lr {options.LearningRate}, seed {options.Seed}");
        using var trainer = new Trainer<TLoss>(parameters, options);
        var batches = new Minibatches(data.Count, Math.Min(options.BatchSize, data.Count), options.Seed);
        try
        {
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                // The loss over the whole set after the epoch, as d2l prints it; the test set here is the training set.
                var report = trainer.TrainEpoch(data, data, batches, epoch);
                AnsiConsole.MarkupLine($"epoch {report.Epoch}: loss {report.TestLoss:F6} (mean over the epoch's batches {report.TrainLoss:F6}), {report.Duration.TotalMilliseconds:F1} ms");
            }
        }
        catch (TrainingDivergedException diverged)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(diverged.Message)}[/]");
            return 2;
        }
        Console.WriteLine($"learned w = [{Format(parameters["w"].Values)}], b = {Format(parameters["b"].Values)}");
        return 0;
    }

    private static string Format(ReadOnlySpan<float> values)
        => string.Join(", ", values.ToArray().Select(v => v.ToString("F4", CultureInfo.InvariantCulture)));
}
