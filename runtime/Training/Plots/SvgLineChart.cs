using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using KernelGen.Checkpoints;

namespace KernelGen.Plots;

/// <summary>
/// A line chart written as a standalone SVG file: title, axis labels, nice ticks with gridlines, a legend, and
/// one polyline per run of valid points of each series. No drawing library is involved.
/// </summary>
/// <remarks>
/// A point whose x or y is NaN or infinite (or, on a logarithmic x axis, whose x is not positive) is skipped
/// and breaks the line there, so a diverged training step shows as a gap rather than corrupting the file.
/// Points beyond <see cref="YMin"/>/<see cref="YMax"/> are drawn leaving the plot through its edge.
/// </remarks>
public sealed class SvgLineChart
{
    // Colour-blind-safe categorical palette: Okabe-Ito, with its yellow (too faint on white) replaced by
    // olive and black moved last because the axes are dark.
    private static readonly string[] Palette =
        ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#999933", "#000000"];

    // After the palette's eight colours (a sweep of 3 x 3 runs has nine series), the colours come round again dashed,
    // then dotted, so no two series look alike.
    private static readonly string?[] DashPatterns = [null, "7 4", "2 4"];

    // Rough advance width of a 12px sans-serif character: used only to reserve room for labels, since the
    // writer cannot measure text.
    private const double CharWidth = 7.0;

    private const double ClipMargin = 5;

    private const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";

    private readonly List<ChartSeries> _series = new();

    /// <summary>Creates an empty chart.</summary>
    /// <param name="title">Heading drawn above the plot.</param>
    /// <param name="xLabel">Caption of the horizontal axis.</param>
    /// <param name="yLabel">Caption of the vertical axis.</param>
    public SvgLineChart(string title, string xLabel, string yLabel)
    {
        Title = title ?? throw new ArgumentNullException(nameof(title));
        XLabel = xLabel ?? throw new ArgumentNullException(nameof(xLabel));
        YLabel = yLabel ?? throw new ArgumentNullException(nameof(yLabel));
    }

    /// <summary>Heading drawn above the plot.</summary>
    public string Title { get; }

    /// <summary>Caption of the horizontal axis.</summary>
    public string XLabel { get; }

    /// <summary>Caption of the vertical axis.</summary>
    public string YLabel { get; }

    /// <summary>Width of the image in pixels (default 720).</summary>
    public int Width { get; init; } = 720;

    /// <summary>Height of the image in pixels (default 440).</summary>
    public int Height { get; init; } = 440;

    /// <summary>Whether the x axis is logarithmic (base 10), e.g. for a learning-rate sweep.</summary>
    public bool LogX { get; init; }

    /// <summary>Whether x ticks must be whole numbers (a step of at least 1), e.g. for epochs.</summary>
    public bool IntegerX { get; init; }

    /// <summary>Whether every point gets a dot in addition to the line.</summary>
    public bool ShowMarkers { get; init; }

    /// <summary>
    /// If set, the y axis stops at or just above this value even when the data goes higher (e.g. to keep a
    /// loss spike from flattening the rest of the curve); the line leaves the plot through its top edge.
    /// </summary>
    public double? YMax { get; init; }

    /// <summary>If set, the y axis stops at or just below this value even when the data goes lower.</summary>
    public double? YMin { get; init; }

    /// <summary>Names of the series added so far, in order.</summary>
    public IReadOnlyList<string> SeriesNames => _series.Select(s => s.Name).ToArray();

    /// <summary>Adds a line; the points are copied.</summary>
    /// <param name="name">Legend entry.</param>
    /// <param name="x">X coordinates.</param>
    /// <param name="y">Y coordinates, as many as <paramref name="x"/>.</param>
    /// <returns>This chart, for chaining.</returns>
    public SvgLineChart AddSeries(string name, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (x.Length != y.Length)
            throw new ArgumentException($"Series '{name}' has {x.Length} x values but {y.Length} y values.", nameof(y));
        _series.Add(new ChartSeries(name, x.ToArray(), y.ToArray(), Palette[_series.Count % Palette.Length],
            DashPatterns[_series.Count / Palette.Length % DashPatterns.Length]));
        return this;
    }

    /// <summary>Adds a line from single-precision values; the points are copied.</summary>
    /// <param name="name">Legend entry.</param>
    /// <param name="x">X coordinates.</param>
    /// <param name="y">Y coordinates, as many as <paramref name="x"/>.</param>
    /// <returns>This chart, for chaining.</returns>
    public SvgLineChart AddSeries(string name, ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var xs = new double[x.Length];
        var ys = new double[y.Length];
        for (int i = 0; i < xs.Length; i++)
            xs[i] = x[i];
        for (int i = 0; i < ys.Length; i++)
            ys[i] = y[i];
        return AddSeries(name, xs, ys);
    }

    /// <summary>Writes the chart to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public void Save(string path) =>
        AtomicFile.WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(ToSvg()));

    /// <summary>The chart as a standalone SVG document.</summary>
    public string ToSvg()
    {
        if (Width < 200 || Height < 150)
            throw new InvalidOperationException($"A chart needs at least 200 x 150 pixels, got {Width} x {Height}.");

        (TickScale xScale, TickScale yScale) = ChooseScales();
        string[] xLabels = xScale.Ticks.Select(t => TickLabel(xScale, t)).ToArray();
        string[] yLabels = yScale.Ticks.Select(t => TickLabel(yScale, t)).ToArray();

        List<List<(ChartSeries Series, double Width)>> legendRows = LayOutLegend();

        // Plot rectangle: room on the left for the rotated y caption and the widest y tick label, on the right
        // for half of the last x tick label, above for title and legend, below for x ticks and caption.
        double left = 44 + yLabels.Max(l => l.Length) * CharWidth;
        double right = Width - Math.Max(24, xLabels[^1].Length * CharWidth / 2 + 8);
        double top = legendRows.Count == 0 ? 48 : 50 + (legendRows.Count - 1) * 20 + 18;
        double bottom = Height - 58;
        if (right - left < 50 || bottom - top < 50)
            throw new InvalidOperationException($"{Width} x {Height} pixels leave no room for the plot.");
        var plot = new PlotArea(left, top, right, bottom, xScale, yScale);

        var svg = new StringBuilder();
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"{FontFamily}\" font-size=\"12\">\n");
        svg.Append($"<title>{SvgFormat.Escape(Title)}</title>\n");
        svg.Append($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>\n");
        svg.Append($"<text class=\"chart-title\" x=\"{N(Width / 2.0)}\" y=\"30\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\" fill=\"#222222\">{SvgFormat.Escape(Title)}</text>\n");
        // The clip reaches a marker's radius past the frame so points on the edge are drawn whole, except on a
        // side with a YMin/YMax bound, where the cut-off line should end exactly at the frame.
        double clipTop = YMax is null ? top - ClipMargin : top;
        double clipBottom = YMin is null ? bottom + ClipMargin : bottom;
        svg.Append($"<defs><clipPath id=\"kg-plot-area\"><rect x=\"{N(left - ClipMargin)}\" y=\"{N(clipTop)}\" width=\"{N(right - left + 2 * ClipMargin)}\" height=\"{N(clipBottom - clipTop)}\"/></clipPath></defs>\n");

        AppendGrid(svg, plot);
        AppendAxes(svg, plot, xLabels, yLabels);
        foreach (ChartSeries series in _series)
            AppendSeries(svg, plot, series);
        AppendLegend(svg, legendRows, left, right);

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private (TickScale X, TickScale Y) ChooseScales()
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity;
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (ChartSeries series in _series)
        {
            for (int i = 0; i < series.X.Length; i++)
            {
                if (!IsDrawable(series.X[i], series.Y[i]))
                    continue;
                xMin = Math.Min(xMin, series.X[i]);
                xMax = Math.Max(xMax, series.X[i]);
                yMin = Math.Min(yMin, series.Y[i]);
                yMax = Math.Max(yMax, series.Y[i]);
            }
        }

        if (xMin > xMax)
        {
            // Nothing drawable: still draw empty axes rather than fail, so a run's plots always exist.
            (xMin, xMax, yMin, yMax) = LogX ? (1, 10, 0, 1) : (0, 1, 0, 1);
        }

        if (YMax is double clipHigh)
            yMax = Math.Min(yMax, clipHigh);
        if (YMin is double clipLow)
            yMin = Math.Max(yMin, clipLow);
        if (yMin > yMax)
        {
            // Every point lies beyond a clip bound; show the range between the bounds that were given.
            (yMin, yMax) = (Math.Min(yMin, yMax), Math.Max(yMin, yMax));
        }

        TickScale x = LogX
            ? NiceTicks.Log10(xMin, xMax, maxTicks: 8)
            : NiceTicks.Linear(xMin, xMax, maxTicks: 9, minStep: IntegerX ? 1 : 0);
        return (x, NiceTicks.Linear(yMin, yMax, maxTicks: 7));
    }

    private bool IsDrawable(double x, double y) => double.IsFinite(x) && double.IsFinite(y) && (!LogX || x > 0);

    private static string TickLabel(TickScale scale, double value) => scale.IsLogarithmic
        ? NiceTicks.FormatPowerOfTen(value)
        : NiceTicks.FormatLinear(value, scale.Step);

    private static void AppendGrid(StringBuilder svg, PlotArea plot)
    {
        svg.Append("<g class=\"grid\" stroke-width=\"1\" shape-rendering=\"crispEdges\">\n");
        if (plot.X.IsLogarithmic)
        {
            // Lighter lines at 2..9 x 10^k make a log axis readable between the labelled decades.
            for (double decade = plot.X.Min; decade < plot.X.Max; decade *= 10)
            {
                for (int m = 2; m <= 9; m++)
                {
                    double px = plot.PixelX(decade * m);
                    svg.Append($"<line x1=\"{N(px)}\" y1=\"{N(plot.Top)}\" x2=\"{N(px)}\" y2=\"{N(plot.Bottom)}\" stroke=\"#f1f1f1\"/>\n");
                }
            }
        }

        foreach (double tick in plot.X.Ticks)
        {
            double px = plot.PixelX(tick);
            svg.Append($"<line x1=\"{N(px)}\" y1=\"{N(plot.Top)}\" x2=\"{N(px)}\" y2=\"{N(plot.Bottom)}\" stroke=\"#dddddd\"/>\n");
        }

        foreach (double tick in plot.Y.Ticks)
        {
            double py = plot.PixelY(tick);
            svg.Append($"<line x1=\"{N(plot.Left)}\" y1=\"{N(py)}\" x2=\"{N(plot.Right)}\" y2=\"{N(py)}\" stroke=\"#dddddd\"/>\n");
        }

        svg.Append($"<rect x=\"{N(plot.Left)}\" y=\"{N(plot.Top)}\" width=\"{N(plot.Right - plot.Left)}\" height=\"{N(plot.Bottom - plot.Top)}\" fill=\"none\" stroke=\"#888888\"/>\n");
        svg.Append("</g>\n");
    }

    private void AppendAxes(StringBuilder svg, PlotArea plot, string[] xLabels, string[] yLabels)
    {
        svg.Append("<g class=\"x-axis\" fill=\"#333333\">\n");
        for (int i = 0; i < plot.X.Ticks.Count; i++)
        {
            double tick = plot.X.Ticks[i];
            double px = plot.PixelX(tick);
            svg.Append($"<line x1=\"{N(px)}\" y1=\"{N(plot.Bottom)}\" x2=\"{N(px)}\" y2=\"{N(plot.Bottom + 5)}\" stroke=\"#888888\" shape-rendering=\"crispEdges\"/>\n");
            svg.Append($"<text class=\"tick\" data-value=\"{Raw(tick)}\" x=\"{N(px)}\" y=\"{N(plot.Bottom + 19)}\" text-anchor=\"middle\">{SvgFormat.Escape(xLabels[i])}</text>\n");
        }

        svg.Append($"<text class=\"axis-label\" x=\"{N((plot.Left + plot.Right) / 2)}\" y=\"{N(Height - 16)}\" text-anchor=\"middle\" font-size=\"13\">{SvgFormat.Escape(XLabel)}</text>\n");
        svg.Append("</g>\n");

        svg.Append("<g class=\"y-axis\" fill=\"#333333\">\n");
        for (int i = 0; i < plot.Y.Ticks.Count; i++)
        {
            double tick = plot.Y.Ticks[i];
            double py = plot.PixelY(tick);
            svg.Append($"<line x1=\"{N(plot.Left - 5)}\" y1=\"{N(py)}\" x2=\"{N(plot.Left)}\" y2=\"{N(py)}\" stroke=\"#888888\" shape-rendering=\"crispEdges\"/>\n");
            svg.Append($"<text class=\"tick\" data-value=\"{Raw(tick)}\" x=\"{N(plot.Left - 8)}\" y=\"{N(py + 4)}\" text-anchor=\"end\">{SvgFormat.Escape(yLabels[i])}</text>\n");
        }

        double midY = (plot.Top + plot.Bottom) / 2;
        svg.Append($"<text class=\"axis-label\" x=\"18\" y=\"{N(midY)}\" transform=\"rotate(-90 18 {N(midY)})\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"13\">{SvgFormat.Escape(YLabel)}</text>\n");
        svg.Append("</g>\n");
    }

    private void AppendSeries(StringBuilder svg, PlotArea plot, ChartSeries series)
    {
        svg.Append($"<g class=\"series\" data-name=\"{SvgFormat.Escape(series.Name)}\" clip-path=\"url(#kg-plot-area)\">\n");
        var run = new List<(double X, double Y)>();
        var dots = new List<(double X, double Y)>();
        for (int i = 0; i <= series.X.Length; i++)
        {
            bool drawable = i < series.X.Length && IsDrawable(series.X[i], series.Y[i]);
            if (drawable)
            {
                run.Add((plot.PixelX(series.X[i]), plot.PixelY(series.Y[i])));
                continue;
            }

            // A gap (or the end): close the current run. A lone point would be an invisible polyline, so it
            // becomes a dot instead.
            if (run.Count == 1 && !ShowMarkers)
                dots.Add(run[0]);
            else if (run.Count > 1)
                svg.Append($"<polyline points=\"{string.Join(" ", run.Select(p => N(p.X) + "," + N(p.Y)))}\" fill=\"none\" stroke=\"{series.Color}\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{series.DashAttribute}/>\n");
            if (ShowMarkers)
                dots.AddRange(run);
            run.Clear();
        }

        foreach ((double x, double y) in dots)
            svg.Append($"<circle class=\"marker\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"3.5\" fill=\"{series.Color}\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n");
        svg.Append("</g>\n");
    }

    private List<List<(ChartSeries Series, double Width)>> LayOutLegend()
    {
        // Items flow left to right and wrap; the legend sits between title and plot so it never hides data.
        double available = Width - 80;
        var rows = new List<List<(ChartSeries, double)>>();
        double rowWidth = 0;
        foreach (ChartSeries series in _series)
        {
            double width = 28 + series.Name.Length * CharWidth;
            if (rows.Count == 0 || (rowWidth > 0 && rowWidth + 20 + width > available))
            {
                rows.Add(new List<(ChartSeries, double)>());
                rowWidth = 0;
            }

            rows[^1].Add((series, width));
            rowWidth += (rowWidth > 0 ? 20 : 0) + width;
        }

        return rows;
    }

    private void AppendLegend(StringBuilder svg, List<List<(ChartSeries Series, double Width)>> rows, double left, double right)
    {
        if (rows.Count == 0)
            return;
        svg.Append("<g class=\"legend\" fill=\"#333333\">\n");
        for (int r = 0; r < rows.Count; r++)
        {
            double total = rows[r].Sum(item => item.Width) + 20 * (rows[r].Count - 1);
            double x = (left + right) / 2 - total / 2;
            double y = 50 + r * 20;
            foreach ((ChartSeries series, double width) in rows[r])
            {
                svg.Append($"<line x1=\"{N(x)}\" y1=\"{N(y)}\" x2=\"{N(x + 22)}\" y2=\"{N(y)}\" stroke=\"{series.Color}\" stroke-width=\"2.5\" stroke-linecap=\"round\"{series.DashAttribute}/>\n");
                if (ShowMarkers)
                    svg.Append($"<circle cx=\"{N(x + 11)}\" cy=\"{N(y)}\" r=\"3.5\" fill=\"{series.Color}\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n");
                svg.Append($"<text x=\"{N(x + 28)}\" y=\"{N(y + 4)}\">{SvgFormat.Escape(series.Name)}</text>\n");
                x += width + 20;
            }
        }

        svg.Append("</g>\n");
    }

    private static string N(double value) => SvgFormat.Number(value);

    private static string Raw(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The plot rectangle in pixels and the mapping of data values into it.</summary>
    private sealed class PlotArea
    {
        public PlotArea(double left, double top, double right, double bottom, TickScale x, TickScale y)
        {
            (Left, Top, Right, Bottom, X, Y) = (left, top, right, bottom, x, y);
        }

        public double Left { get; }
        public double Top { get; }
        public double Right { get; }
        public double Bottom { get; }
        public TickScale X { get; }
        public TickScale Y { get; }

        public double PixelX(double value) => Left + X.Fraction(value) * (Right - Left);

        // Values beyond the axis (clipped by YMin/YMax) are pulled in to one plot height outside it: the line
        // still leaves in the right direction, the clip path hides the rest, and coordinates stay small.
        public double PixelY(double value) => Bottom - Math.Clamp(Y.Fraction(value), -1, 2) * (Bottom - Top);
    }
}
