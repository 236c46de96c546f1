namespace KernelGen.Plots;

/// <summary>One named line of a <see cref="SvgLineChart"/>: its points (copied) and its colour.</summary>
internal sealed class ChartSeries
{
    internal ChartSeries(string name, double[] x, double[] y, string color, string? dash = null)
    {
        Name = name;
        X = x;
        Y = y;
        Color = color;
        Dash = dash;
    }

    internal string Name { get; }
    internal double[] X { get; }
    internal double[] Y { get; }
    internal string Color { get; }

    /// <summary>An SVG stroke-dasharray, or null for a solid line: series past the palette's length reuse its colours dashed.</summary>
    internal string? Dash { get; }

    /// <summary>The stroke-dasharray attribute with a leading space, or nothing.</summary>
    internal string DashAttribute => Dash is null ? "" : $" stroke-dasharray=\"{Dash}\"";
}
