using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace KernelGen.Plots;

/// <summary>The standard plots of a training run: loss per epoch and, for a classifier, test accuracy per epoch.</summary>
public static class TrainingPlots
{
    /// <summary>File name of the loss plot inside the output directory.</summary>
    public const string LossFileName = "loss.svg";

    /// <summary>File name of the accuracy plot inside the output directory.</summary>
    public const string AccuracyFileName = "accuracy.svg";

    /// <summary>Train loss per epoch, and test loss where it was measured.</summary>
    public static SvgLineChart LossChart(IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        var chart = new SvgLineChart("Loss", "epoch", "mean loss") { IntegerX = true, ShowMarkers = true }
            .AddSeries("train loss", epochs, history.Select(h => h.TrainLoss).ToArray());
        if (history.Any(h => double.IsFinite(h.TestLoss)))
            chart.AddSeries("test loss", epochs, history.Select(h => h.TestLoss).ToArray());
        return chart;
    }

    /// <summary>Test accuracy per epoch, in percent.</summary>
    public static SvgLineChart AccuracyChart(IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        // Percent reads better than fractions on the axis ("92" rather than "0.92").
        return new SvgLineChart("Accuracy", "epoch", "accuracy (%)") { IntegerX = true, ShowMarkers = true }
            .AddSeries("test accuracy", epochs, history.Select(h => h.TestAccuracy * 100).ToArray());
    }

    /// <summary>
    /// Writes <see cref="LossFileName"/> into <paramref name="directory"/> (created if missing) and, when the run
    /// measured accuracy, <see cref="AccuracyFileName"/>; returns their paths (the accuracy path is null without one).
    /// </summary>
    public static (string LossPath, string? AccuracyPath) Write(string directory, IReadOnlyList<EpochMetrics> history)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(history);
        Directory.CreateDirectory(directory);
        string lossPath = Path.Combine(directory, LossFileName);
        LossChart(history).Save(lossPath);
        if (!history.Any(h => double.IsFinite(h.TestAccuracy))) return (lossPath, null);
        string accuracyPath = Path.Combine(directory, AccuracyFileName);
        AccuracyChart(history).Save(accuracyPath);
        return (lossPath, accuracyPath);
    }
}
