using KernelGen.Tests.Infrastructure;
using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using KernelGen.Plots;
using KernelGen.Tests.Checkpoints;
using Xunit;

namespace KernelGen.Tests.Plots;

public sealed class TrainingPlotsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly EpochMetrics[] History =
    {
        new(1, 0.65, 0.61, 0.872),
        new(2, 0.54, 0.50, 0.892),
        new(3, 0.46, 0.44, 0.903),
        new(4, 0.40, 0.39, 0.912),
    };

    [Fact]
    public void WriteProducesTheLossAndAccuracyPlots()
    {
        using var dir = new TempDirectory();
        (string lossPath, string? accuracyPath) = TrainingPlots.Write(dir.Path, History);

        Assert.Equal(new[] { TrainingPlots.AccuracyFileName, TrainingPlots.LossFileName }, dir.FileNames());
        XDocument loss = XDocument.Load(lossPath);
        XDocument accuracy = XDocument.Load(accuracyPath!);
        Assert.Equal(new[] { "train loss", "test loss" }, SeriesNames(loss));
        Assert.Equal(new[] { "test accuracy" }, SeriesNames(accuracy));
        Assert.All(SvgLineChartTests.SeriesGroups(accuracy), g => Assert.Equal(4, SvgLineChartTests.PointsOf(g.Elements(Svg + "polyline").Single()).Length));
        // Epoch ticks are whole numbers, accuracy is shown in percent.
        Assert.All(SvgLineChartTests.TickValues(loss, "x-axis"), t => Assert.Equal(Math.Round(t), t));
        Assert.True(SvgLineChartTests.TickValues(accuracy, "y-axis").Max() > 90);
    }

    [Fact]
    public void A_run_without_accuracy_writes_only_the_loss_plot()
    {
        using var dir = new TempDirectory();
        var regression = History.Select(h => h with { TestAccuracy = double.NaN }).ToArray();
        (string lossPath, string? accuracyPath) = TrainingPlots.Write(dir.Path, regression);
        Assert.Null(accuracyPath);
        Assert.Equal(new[] { TrainingPlots.LossFileName }, dir.FileNames());
        Assert.Equal(new[] { "train loss", "test loss" }, SeriesNames(XDocument.Load(lossPath)));
    }

    [Fact]
    public void LrFinderPlotUsesALogAxisAndClipsTheDivergence()
    {
        double[] lr = Enumerable.Range(0, 26).Select(i => Math.Pow(10, -5 + i / 5.0)).ToArray();
        double[] loss = lr.Select(v => v < 0.1 ? 2.3 - 0.3 * (Math.Log10(v) + 5) : 1e6).ToArray();
        using var dir = new TempDirectory();
        string path = dir.File("lr.svg");

        LrFinderPlot.Save(path, lr, loss);

        XDocument doc = XDocument.Load(path);
        Assert.Equal(new[] { 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0 }, SvgLineChartTests.TickValues(doc, "x-axis"));
        // Default cut: 1.5 x the first loss (3.45), rounded up to a nice tick, not 1e6.
        Assert.InRange(SvgLineChartTests.TickValues(doc, "y-axis").Max(), 3.45, 4);
        Assert.Equal(new[] { "lr.svg" }, dir.FileNames());
    }

    private static string[] SeriesNames(XDocument doc) =>
        SvgLineChartTests.SeriesGroups(doc).Select(g => (string)g.Attribute("data-name")!).ToArray();
}
