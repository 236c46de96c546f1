using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Training;

namespace KernelGen.Plots;

/// <summary>The plots of a <see cref="HyperparameterSweep"/>: one curve per run (learning rate and batch size), with a legend.</summary>
public static class SweepPlot
{
    /// <summary>Test accuracy (in percent) per epoch, one curve per run; for a loss-only model, test loss.</summary>
    public static SvgLineChart Chart(IReadOnlyList<SweepEpoch> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        bool accuracy = records.Any(r => double.IsFinite(r.TestAccuracy));
        var chart = accuracy
            ? new SvgLineChart("Test accuracy by learning rate and batch size", "epoch", "test accuracy (%)") { IntegerX = true, ShowMarkers = true }
            : new SvgLineChart("Test loss by learning rate and batch size", "epoch", "test loss") { IntegerX = true, ShowMarkers = true };
        foreach (var run in records.GroupBy(r => (r.LearningRate, r.BatchSize)))
        {
            var epochs = run.Select(r => (double)r.Epoch).ToArray();
            var values = run.Select(r => accuracy ? r.TestAccuracy * 100 : r.TestLoss).ToArray();
            chart.AddSeries(run.First().Run + (run.Any(r => r.Diverged) ? " (diverged)" : ""), epochs, values);
        }
        return chart;
    }

    /// <summary>Test loss per epoch, one curve per run.</summary>
    public static SvgLineChart LossChart(IReadOnlyList<SweepEpoch> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var chart = new SvgLineChart("Test loss by learning rate and batch size", "epoch", "test loss") { IntegerX = true, ShowMarkers = true };
        foreach (var run in records.GroupBy(r => (r.LearningRate, r.BatchSize)))
            chart.AddSeries(run.First().Run + (run.Any(r => r.Diverged) ? " (diverged)" : ""), run.Select(r => (double)r.Epoch).ToArray(), run.Select(r => r.TestLoss).ToArray());
        return chart;
    }
}
