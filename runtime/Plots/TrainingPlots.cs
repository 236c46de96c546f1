using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace KernelGen.Plots;

/// <summary>The two standard plots of a training run: loss per epoch and accuracy per epoch.</summary>
public static class TrainingPlots
{
    /// <summary>File name of the loss plot inside the output directory.</summary>
    public const string LossFileName = "loss.svg";

    /// <summary>File name of the accuracy plot inside the output directory.</summary>
    public const string AccuracyFileName = "accuracy.svg";

    /// <summary>Train loss per epoch.</summary>
    public static SvgLineChart LossChart(IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        return new SvgLineChart("Training loss", "epoch", "cross-entropy loss") { IntegerX = true, ShowMarkers = true }
            .AddSeries("train loss", epochs, history.Select(h => h.TrainLoss).ToArray());
    }

    /// <summary>Train and test accuracy per epoch, in percent.</summary>
    public static SvgLineChart AccuracyChart(IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        // Percent reads better than fractions on the axis ("92" rather than "0.92").
        return new SvgLineChart("Accuracy", "epoch", "accuracy (%)") { IntegerX = true, ShowMarkers = true }
            .AddSeries("train accuracy", epochs, history.Select(h => h.TrainAccuracy * 100).ToArray())
            .AddSeries("test accuracy", epochs, history.Select(h => h.TestAccuracy * 100).ToArray());
    }

    /// <summary>
    /// Writes <see cref="LossFileName"/> and <see cref="AccuracyFileName"/> into <paramref name="directory"/>
    /// (created if missing) and returns their paths.
    /// </summary>
    public static (string LossPath, string AccuracyPath) Write(string directory, IReadOnlyList<EpochMetrics> history)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string lossPath = Path.Combine(directory, LossFileName);
        string accuracyPath = Path.Combine(directory, AccuracyFileName);
        LossChart(history).Save(lossPath);
        AccuracyChart(history).Save(accuracyPath);
        return (lossPath, accuracyPath);
    }
}
