namespace KernelGen.Plots;

/// <summary>One named line of a <see cref="SvgLineChart"/>: its points (copied) and its colour.</summary>
internal sealed class ChartSeries
{
    internal ChartSeries(string name, double[] x, double[] y, string color)
    {
        Name = name;
        X = x;
        Y = y;
        Color = color;
    }

    internal string Name { get; }
    internal double[] X { get; }
    internal double[] Y { get; }
    internal string Color { get; }
}
