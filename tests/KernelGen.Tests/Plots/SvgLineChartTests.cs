using KernelGen.Tests.Infrastructure;
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Xml.Linq;
using KernelGen.Plots;
using KernelGen.Tests.Checkpoints;
using Xunit;

namespace KernelGen.Tests.Plots;

public sealed class SvgLineChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Series_past_the_palette_reuse_its_colours_dashed_so_no_two_look_alike()
    {
        var chart = new SvgLineChart("nine runs", "epoch", "accuracy");
        for (int i = 0; i < 9; i++) chart.AddSeries($"run {i}", new double[] { 1, 2 }, new double[] { i, i + 1 });
        var doc = XDocument.Parse(chart.ToSvg());
        var lines = SeriesGroups(doc).Select(g => g.Elements(Svg + "polyline").Single()).ToArray();
        var styles = lines.Select(l => ((string)l.Attribute("stroke")!, (string?)l.Attribute("stroke-dasharray"))).ToArray();
        Assert.Equal(9, styles.Distinct().Count());
        Assert.Equal(styles[0].Item1, styles[8].Item1);
        Assert.All(styles.Take(8), s => Assert.Null(s.Item2));
        Assert.NotNull(styles[8].Item2);
        // The legend draws each entry the way its series is drawn.
        var legend = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "legend").Elements(Svg + "line").ToArray();
        Assert.Equal(styles, legend.Select(l => ((string)l.Attribute("stroke")!, (string?)l.Attribute("stroke-dasharray"))).ToArray());
    }

    [Fact]
    public void OutputIsAnSvgDocumentWithTitleLabelsAndSeriesNames()
    {
        string svg = new SvgLineChart("Loss", "epoch", "loss")
            .AddSeries("train", new double[] { 1, 2, 3 }, new double[] { 0.9, 0.5, 0.4 })
            .AddSeries("test", new double[] { 1, 2, 3 }, new double[] { 1.0, 0.7, 0.6 })
            .ToSvg();

        XDocument doc = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal(new[] { "train", "test" }, SeriesGroups(doc).Select(g => (string)g.Attribute("data-name")!));
        string[] texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Contains("Loss", texts);
        Assert.Contains("epoch", texts);
        Assert.Contains("loss", texts);
        Assert.Contains("train", texts); // legend
        Assert.Contains("test", texts);
    }

    [Fact]
    public void EachSeriesIsOnePolylineWithOnePointPerSample()
    {
        double[] x = Enumerable.Range(0, 7).Select(i => (double)i).ToArray();
        double[] y = x.Select(v => v * v).ToArray();
        XDocument doc = XDocument.Parse(new SvgLineChart("t", "x", "y").AddSeries("s", x, y).ToSvg());

        XElement polyline = Assert.Single(doc.Descendants(Svg + "polyline"));
        Assert.Equal(7, PointsOf(polyline).Length);
    }

    [Fact]
    public void NonFinitePointsBreakTheLineAndNeverReachTheText()
    {
        double[] x = { 0, 1, 2, 3, 4, 5, 6, 7 };
        double[] y = { 1, 2, double.NaN, 4, 5, double.PositiveInfinity, 7, 8 };
        double[] xWithNaN = { 0, double.NaN, 2, 3 };
        string svg = new SvgLineChart("t", "x", "y")
            .AddSeries("gappy", x, y)
            .AddSeries("nan x", xWithNaN, new double[] { 1, 1, 1, 1 })
            .ToSvg();

        XDocument doc = XDocument.Parse(svg);
        XElement[] groups = SeriesGroups(doc);
        Assert.Equal(new[] { 2, 2, 2 }, groups[0].Elements(Svg + "polyline").Select(p => PointsOf(p).Length));
        // The lone point before the gap cannot be a line, so it is drawn as a dot.
        Assert.Equal(new[] { 2 }, groups[1].Elements(Svg + "polyline").Select(p => PointsOf(p).Length));
        Assert.Single(groups[1].Elements(Svg + "circle"));
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", svg);
    }

    [Fact]
    public void AllNonFiniteOrEmptyDataStillMakesAValidChart()
    {
        string empty = new SvgLineChart("empty", "x", "y").ToSvg();
        string allNaN = new SvgLineChart("nothing drawable", "x", "y") { LogX = true }
            .AddSeries("s", new[] { double.NaN, -1.0, 0.0 }, new[] { 1.0, 2.0, 3.0 })
            .ToSvg();

        Assert.Empty(XDocument.Parse(empty).Descendants(Svg + "polyline"));
        Assert.Empty(XDocument.Parse(allNaN).Descendants(Svg + "polyline"));
        Assert.DoesNotContain("NaN", allNaN, StringComparison.Ordinal);
    }

    [Fact]
    public void TicksAreNiceNumbersOnBothAxes()
    {
        double[] x = { 0.3, 1.7, 4.1, 9.6 };
        double[] y = { 0.2614, 0.35, 0.51, 0.6459 };
        XDocument doc = XDocument.Parse(new SvgLineChart("t", "x", "y").AddSeries("s", x, y).ToSvg());

        foreach (string axis in new[] { "x-axis", "y-axis" })
        {
            double[] ticks = TickValues(doc, axis);
            Assert.True(ticks.Length >= 3, $"{axis} has {ticks.Length} ticks");
            double step = ticks[1] - ticks[0];
            NiceTicksTests.AssertNiceStep(step);
            for (int i = 1; i < ticks.Length; i++)
                Assert.Equal(step, ticks[i] - ticks[i - 1], 9);
        }

        Assert.Equal(new[] { "0.2", "0.3", "0.4", "0.5", "0.6", "0.7" }, TickLabels(doc, "y-axis"));
    }

    [Fact]
    public void LogAxisTicksArePowersOfTenAndNonPositiveXIsSkipped()
    {
        double[] lr = Enumerable.Range(0, 51).Select(i => Math.Pow(10, -5 + i / 10.0)).Prepend(0).Prepend(-1).ToArray();
        double[] loss = lr.Select(v => 2.3 - Math.Log10(Math.Max(v, 1e-9)) * 0.1).ToArray();
        XDocument doc = XDocument.Parse(new SvgLineChart("lr", "learning rate", "loss") { LogX = true }
            .AddSeries("loss", lr, loss).ToSvg());

        Assert.Equal(new[] { 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0 }, TickValues(doc, "x-axis"));
        Assert.Equal(new[] { "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰" }, TickLabels(doc, "x-axis"));
        XElement polyline = Assert.Single(doc.Descendants(Svg + "polyline"));
        Assert.Equal(51, PointsOf(polyline).Length);
        // A log-uniform sweep must come out evenly spaced in pixels.
        double[] px = PointsOf(polyline).Select(p => p.X).ToArray();
        double gap = px[1] - px[0];
        Assert.All(px.Zip(px.Skip(1), (a, b) => b - a), d => Assert.InRange(d, gap - 0.02, gap + 0.02));
    }

    [Fact]
    public void YMaxClipsSpikesWithoutDroppingPoints()
    {
        double[] x = { 1, 2, 3, 4, 5 };
        double[] y = { 2.3, 1.5, 1.2, 1e30, 1.1 };
        var chart = new SvgLineChart("t", "x", "y") { YMax = 3 };
        XDocument doc = XDocument.Parse(chart.AddSeries("s", x, y).ToSvg());

        Assert.Equal(3, TickValues(doc, "y-axis").Max());
        (double X, double Y)[] points = PointsOf(Assert.Single(doc.Descendants(Svg + "polyline")));
        Assert.Equal(5, points.Length);
        // The spike leaves through the top of the plot, with a coordinate that is still reasonable.
        Assert.True(points[3].Y < points.Where((_, i) => i != 3).Min(p => p.Y));
        Assert.InRange(points[3].Y, -2 * chart.Height, chart.Height);
    }

    [Fact]
    public void MarkersAreOneCirclePerDrawablePoint()
    {
        XDocument doc = XDocument.Parse(new SvgLineChart("t", "x", "y") { ShowMarkers = true }
            .AddSeries("s", new double[] { 1, 2, 3, 4 }, new[] { 1.0, double.NaN, 3, 4 })
            .ToSvg());

        Assert.Equal(3, SeriesGroups(doc)[0].Elements(Svg + "circle").Count());
    }

    [Fact]
    public void TextIsEscapedAndInvalidXmlCharactersAreReplaced()
    {
        string title = "a < b & \"c\" 'd' > e\u0001f";
        string svg = new SvgLineChart(title, "x<", "y&")
            .AddSeries("</text><script>", new double[] { 0, 1 }, new double[] { 0, 1 })
            .ToSvg();

        XDocument doc = XDocument.Parse(svg);
        Assert.Equal("a < b & \"c\" 'd' > e f", doc.Root!.Element(Svg + "title")!.Value);
        Assert.Empty(doc.Descendants(Svg + "script"));
        Assert.Equal("</text><script>", (string)SeriesGroups(doc)[0].Attribute("data-name")!);
    }

    [Fact]
    public void NumbersUseTheInvariantCultureWhateverTheCurrentOne()
    {
        CultureInfo saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            string svg = new SvgLineChart("t", "x", "y")
                .AddSeries("s", new[] { 0.125, 1.5, 2.75 }, new[] { 0.333, 0.5, 0.125 })
                .ToSvg();

            XDocument doc = XDocument.Parse(svg);
            var number = new Regex(@"^-?\d+(\.\d+)?$");
            foreach (XAttribute attribute in doc.Descendants().Attributes()
                         .Where(a => a.Name.LocalName is "x" or "y" or "x1" or "y1" or "x2" or "y2" or "cx" or "cy" or "width" or "height"))
            {
                Assert.Matches(number, attribute.Value);
            }

            foreach (string pair in doc.Descendants(Svg + "polyline").Single().Attribute("points")!.Value.Split(' '))
                Assert.Matches(@"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$", pair);
            Assert.Contains("0.4", TickLabels(doc, "y-axis"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Fact]
    public void SeriesWithMismatchedLengthsIsRejected()
    {
        var chart = new SvgLineChart("t", "x", "y");
        Assert.Throws<ArgumentException>(() => chart.AddSeries("s", new double[] { 1, 2 }, new double[] { 1 }));
    }

    [Fact]
    public void SaveWritesTheSvgAtomicallyAndLeavesNoTemporaryFiles()
    {
        using var dir = new TempDirectory();
        string path = dir.File("chart.svg");
        SvgLineChart first = new SvgLineChart("first", "x", "y").AddSeries("a", new double[] { 0, 1 }, new double[] { 0, 1 });
        SvgLineChart second = new SvgLineChart("second", "x", "y").AddSeries("b", new double[] { 0, 1 }, new double[] { 1, 0 });

        first.Save(path);
        second.Save(path);

        Assert.Equal(new[] { "chart.svg" }, dir.FileNames());
        Assert.Equal(second.ToSvg(), File.ReadAllText(path));
        Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]); // no byte-order mark before the XML declaration
    }

    internal static XElement[] SeriesGroups(XDocument doc) =>
        doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToArray();

    internal static (double X, double Y)[] PointsOf(XElement polyline) =>
        polyline.Attribute("points")!.Value
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(','))
            .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
            .ToArray();

    internal static double[] TickValues(XDocument doc, string axis) =>
        Ticks(doc, axis).Select(t => double.Parse((string)t.Attribute("data-value")!, CultureInfo.InvariantCulture)).ToArray();

    internal static string[] TickLabels(XDocument doc, string axis) => Ticks(doc, axis).Select(t => t.Value).ToArray();

    private static XElement[] Ticks(XDocument doc, string axis) =>
        doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == axis)
            .Elements(Svg + "text").Where(t => (string?)t.Attribute("class") == "tick").ToArray();
}
