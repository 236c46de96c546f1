using System;
using System.Collections.Generic;

namespace KernelGen.Plots;

/// <summary>
/// An axis range together with the tick values drawn on it, as chosen by <see cref="NiceTicks"/>.
/// </summary>
public sealed class TickScale
{
    internal TickScale(double min, double max, double step, bool logarithmic, double[] ticks)
    {
        Min = min;
        Max = max;
        Step = step;
        IsLogarithmic = logarithmic;
        Ticks = ticks;
    }

    /// <summary>Lower end of the axis (the first tick).</summary>
    public double Min { get; }

    /// <summary>Upper end of the axis (the last tick).</summary>
    public double Max { get; }

    /// <summary>
    /// Distance between neighbouring ticks: in data units on a linear axis, in decades (powers of ten) on a
    /// logarithmic one.
    /// </summary>
    public double Step { get; }

    /// <summary>Whether the axis is logarithmic (base 10).</summary>
    public bool IsLogarithmic { get; }

    /// <summary>Tick values in increasing order, from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IReadOnlyList<double> Ticks { get; }

    /// <summary>
    /// Position of <paramref name="value"/> along the axis as a fraction: 0 at <see cref="Min"/>, 1 at
    /// <see cref="Max"/>, outside [0, 1] beyond them.
    /// </summary>
    public double Fraction(double value) => IsLogarithmic
        ? (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
        : (value - Min) / (Max - Min);
}
