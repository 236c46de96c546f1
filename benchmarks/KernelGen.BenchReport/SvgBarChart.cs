using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace KernelGen.BenchReport;

/// <summary>
/// A grouped horizontal bar chart of ns per element, one group per op and size, one bar per implementation, on a
/// log axis because the peers span three orders of magnitude. Plain SVG: no script, no external fonts or styles.
/// </summary>
public static class SvgBarChart
{
    private const double Width = 1000;
    private const double LabelWidth = 200;
    private const double RightMargin = 70;
    private const double BarHeight = 12;
    private const double BarGap = 2;
    private const double GroupGap = 14;
    private const double TitleHeight = 56;
    private const double LegendRowHeight = 20;
    private const double AxisHeight = 50;
    private const string Font = "font-family=\"Helvetica, Arial, sans-serif\"";

    private sealed record Group(string Label, List<(Series Series, double Value)> Bars);

    public static string Write(ReportInputs inputs)
    {
        var groups = Groups(inputs.Results);
        var series = groups.SelectMany(g => g.Bars.Select(b => b.Series)).Distinct().OrderBy(s => s.Order).ThenBy(s => s.Impl, StringComparer.Ordinal).ToList();
        string title = "KernelGen and peers: ns per element (shorter is faster)";
        string subtitle = $"{inputs.Date:yyyy-MM-dd}, {MachineDescription.Cpu(inputs)}{(inputs.Smoke ? ", SMOKE RUN: numbers are meaningless" : "")}";

        double plotWidth = Width - LabelWidth - RightMargin;
        int legendPerRow = 4;
        int legendRows = Math.Max(1, (series.Count + legendPerRow - 1) / legendPerRow);
        double plotTop = TitleHeight + legendRows * LegendRowHeight + 10;
        double plotHeight = groups.Sum(g => g.Bars.Count * (BarHeight + BarGap) + GroupGap);
        double height = plotTop + Math.Max(plotHeight, 40) + AxisHeight;

        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(Width)} {N(height)}\" role=\"img\">");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect width=\"{N(Width)}\" height=\"{N(height)}\" fill=\"#ffffff\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{N(Width / 2)}\" y=\"24\" text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\" {Font}>{Escape(title)}</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{N(Width / 2)}\" y=\"44\" text-anchor=\"middle\" font-size=\"12\" fill=\"#555555\" {Font}>{Escape(subtitle)}</text>");
        Legend(svg, series, legendPerRow);

        if (groups.Count == 0)
        {
            svg.AppendLine(CultureInfo.InvariantCulture,
                $"<text x=\"{N(Width / 2)}\" y=\"{N(plotTop + 30)}\" text-anchor=\"middle\" font-size=\"14\" {Font}>Not measured: no kernel results in the inputs.</text>");
            svg.AppendLine("</svg>");
            return svg.ToString();
        }

        var values = groups.SelectMany(g => g.Bars.Select(b => b.Value)).ToList();
        // A little room on both sides: the smallest bar must still show, the largest must leave room for its label.
        double logLow = Math.Log10(values.Min()) - 0.15;
        double logHigh = Math.Log10(values.Max()) + 0.05;
        double X(double value) => LabelWidth + (Math.Log10(value) - logLow) / (logHigh - logLow) * plotWidth;

        // Grid first, so the bars draw over it: lines at 1, 2 and 5 times each power of ten, decades darker.
        double plotBottom = plotTop + plotHeight;
        for (int decade = (int)Math.Floor(logLow); decade <= (int)Math.Ceiling(logHigh); decade++)
        {
            foreach (int step in new[] { 1, 2, 5 })
            {
                double value = step * Math.Pow(10, decade);
                if (Math.Log10(value) < logLow || Math.Log10(value) > logHigh) continue;
                double x = X(value);
                string stroke = step == 1 ? "#aaaaaa" : "#e4e4e4";
                svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" y1=\"{N(plotTop)}\" x2=\"{N(x)}\" y2=\"{N(plotBottom)}\" stroke=\"{stroke}\" stroke-width=\"1\"/>");
                svg.AppendLine(CultureInfo.InvariantCulture,
                    $"<text x=\"{N(x)}\" y=\"{N(plotBottom + 16)}\" text-anchor=\"middle\" font-size=\"{(step == 1 ? 12 : 10)}\" {Font}>{Escape(TickLabel(value))}</text>");
            }
        }
        svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{N(LabelWidth)}\" y1=\"{N(plotTop)}\" x2=\"{N(LabelWidth)}\" y2=\"{N(plotBottom)}\" stroke=\"#333333\" stroke-width=\"1\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture,
            $"<text x=\"{N(LabelWidth + plotWidth / 2)}\" y=\"{N(plotBottom + 38)}\" text-anchor=\"middle\" font-size=\"13\" {Font}>ns per element (log scale)</text>");

        double y = plotTop + GroupGap / 2;
        foreach (var group in groups)
        {
            double groupHeight = group.Bars.Count * (BarHeight + BarGap);
            svg.AppendLine(CultureInfo.InvariantCulture,
                $"<text x=\"{N(LabelWidth - 8)}\" y=\"{N(y + groupHeight / 2 + 4)}\" text-anchor=\"end\" font-size=\"12\" {Font}>{Escape(group.Label)}</text>");
            foreach (var (s, value) in group.Bars)
            {
                double width = Math.Max(1, X(value) - LabelWidth);
                svg.AppendLine(CultureInfo.InvariantCulture,
                    $"<rect x=\"{N(LabelWidth)}\" y=\"{N(y)}\" width=\"{N(width)}\" height=\"{N(BarHeight)}\" fill=\"{s.Colour}\"><title>{Escape($"{group.Label}, {s.Label}: {Numbers.Short(value)} ns per element")}</title></rect>");
                svg.AppendLine(CultureInfo.InvariantCulture,
                    $"<text x=\"{N(LabelWidth + width + 4)}\" y=\"{N(y + BarHeight - 2)}\" font-size=\"10\" fill=\"#333333\" {Font}>{Escape(Numbers.Short(value))}</text>");
                y += BarHeight + BarGap;
            }
            y += GroupGap;
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>One group per op and size that KernelGen or a peer measured, in report order.</summary>
    private static List<Group> Groups(ResultSet results)
    {
        var groups = new List<Group>();
        foreach (string op in Ops.Kernels)
        {
            foreach (var size in results.Sizes(op))
            {
                var bars = new List<(Series, double)>();
                foreach (var series in results.SeriesOf(op))
                    if (results.Find(op, series, size) is { } m && double.IsFinite(m.NsPerElement) && m.NsPerElement > 0)
                        bars.Add((series, m.NsPerElement));
                if (bars.Count > 0) groups.Add(new Group($"{op} {size}", bars));
            }
        }
        return groups;
    }

    private static void Legend(StringBuilder svg, List<Series> series, int perRow)
    {
        double columnWidth = (Width - 2 * 20) / perRow;
        for (int i = 0; i < series.Count; i++)
        {
            double x = 20 + i % perRow * columnWidth;
            double y = TitleHeight + i / perRow * LegendRowHeight;
            svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"14\" height=\"12\" fill=\"{series[i].Colour}\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture,
                $"<text x=\"{N(x + 20)}\" y=\"{N(y + 11)}\" font-size=\"12\" {Font}>{Escape(series[i].Label)}</text>");
        }
    }

    /// <summary>1, 2, 5 times a power of ten, without exponents or trailing zeros: 0.02, 0.5, 10, 2000.</summary>
    private static string TickLabel(double value) => value.ToString(value >= 1 ? "0" : "0.#########", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Text from input files (CPU names, op names) must not break the XML.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                // XML 1.0 forbids most control characters even when escaped.
                _ when c < ' ' && c != '\t' && c != '\n' && c != '\r' => "",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
