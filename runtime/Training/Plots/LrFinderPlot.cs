using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelGen.Plots;

/// <summary>The plot of a learning-rate range test: loss against learning rate on a logarithmic axis.</summary>
public static class LrFinderPlot
{
    /// <summary>
    /// The chart for a sweep. Losses above <paramref name="maxLoss"/> are cut off at the top of the plot; by
    /// default the cut is at 1.5 times the first finite loss, because at the high end of a sweep the loss
    /// diverges by orders of magnitude and would otherwise squash the interesting part flat.
    /// </summary>
    /// <param name="learningRates">Learning rates of the sweep (positive).</param>
    /// <param name="losses">Loss measured at each learning rate.</param>
    /// <param name="maxLoss">Highest loss shown; null for the default described above.</param>
    public static SvgLineChart Chart(IReadOnlyList<double> learningRates, IReadOnlyList<double> losses, double? maxLoss = null)
    {
        ArgumentNullException.ThrowIfNull(learningRates);
        ArgumentNullException.ThrowIfNull(losses);
        if (maxLoss is null)
        {
            double first = losses.FirstOrDefault(double.IsFinite, double.NaN);
            maxLoss = double.IsFinite(first) && first > 0 ? first * 1.5 : null;
        }

        return new SvgLineChart("Learning-rate finder", "learning rate", "loss") { LogX = true, YMax = maxLoss }
            .AddSeries("loss", learningRates.ToArray(), losses.ToArray());
    }

    /// <summary>Writes <see cref="Chart"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Where the SVG file goes.</param>
    /// <param name="learningRates">Learning rates of the sweep (positive).</param>
    /// <param name="losses">Loss measured at each learning rate.</param>
    /// <param name="maxLoss">Highest loss shown; null for the default of <see cref="Chart"/>.</param>
    public static void Save(string path, IReadOnlyList<double> learningRates, IReadOnlyList<double> losses, double? maxLoss = null) =>
        Chart(learningRates, losses, maxLoss).Save(path);
}
