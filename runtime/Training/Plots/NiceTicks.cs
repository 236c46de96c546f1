using System;
using System.Globalization;
using System.Text;

namespace KernelGen.Plots;

/// <summary>
/// Chooses "nice" axis ticks: steps of 1, 2 or 5 times a power of ten on a linear axis, whole powers of ten on
/// a logarithmic one, with the axis widened to start and end on a tick.
/// </summary>
public static class NiceTicks
{
    /// <summary>
    /// Ticks for a linear axis covering [<paramref name="min"/>, <paramref name="max"/>] with at most
    /// <paramref name="maxTicks"/> ticks.
    /// </summary>
    /// <param name="min">Smallest data value (finite).</param>
    /// <param name="max">Largest data value (finite, at least <paramref name="min"/>).</param>
    /// <param name="maxTicks">
    /// Upper bound on the number of ticks, at least 3: data that straddles a multiple of the step (such as
    /// zero) needs a tick on each side of it, so two can never be promised.
    /// </param>
    /// <param name="minStep">Smallest allowed step, e.g. 1 for an axis of whole epochs; 0 for none.</param>
    public static TickScale Linear(double min, double max, int maxTicks = 6, double minStep = 0)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentOutOfRangeException(nameof(max), $"Need finite min <= max, got [{min}, {max}].");
        if (maxTicks < 3)
            throw new ArgumentOutOfRangeException(nameof(maxTicks), maxTicks, "A linear axis needs room for at least three ticks.");

        if (min == max)
        {
            // A flat series still needs a visible range; centre it so the line sits mid-plot.
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            min -= pad;
            max += pad;
        }

        double step = Math.Max(NiceStep((max - min) / (maxTicks - 1)), minStep > 0 ? NiceStep(minStep) : 0);
        while (true)
        {
            // The tolerance keeps division noise (0.7 / 0.1 = 7.000000000000001) from adding a whole step.
            double first = Math.Floor(min / step + 1e-9);
            double last = Math.Max(first + 1, Math.Ceiling(max / step - 1e-9));
            int count = (int)(last - first) + 1;
            if (count <= maxTicks)
            {
                var ticks = new double[count];
                int decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step)), 0, 15);
                for (int i = 0; i < count; i++)
                {
                    // Multiplying (rather than adding step repeatedly) and rounding to the step's decimals
                    // keeps 0.1 * 3 from becoming 0.30000000000000004; "+ 0.0" turns -0 into 0.
                    ticks[i] = Math.Round((first + i) * step, decimals) + 0.0;
                }

                return new TickScale(ticks[0], ticks[^1], step, logarithmic: false, ticks);
            }

            // Widening to whole steps can add a tick at each end; take the next nice step and try again.
            step = NiceStep(step * 1.01);
        }
    }

    /// <summary>
    /// Ticks for a base-10 logarithmic axis covering [<paramref name="min"/>, <paramref name="max"/>]: whole
    /// powers of ten, every decade or every few decades so that there are at most <paramref name="maxTicks"/>.
    /// </summary>
    /// <param name="min">Smallest data value (positive, finite).</param>
    /// <param name="max">Largest data value (finite, at least <paramref name="min"/>).</param>
    /// <param name="maxTicks">Upper bound on the number of ticks (at least 2).</param>
    public static TickScale Log10(double min, double max, int maxTicks = 8)
    {
        if (!(min > 0) || !double.IsFinite(max) || min > max)
            throw new ArgumentOutOfRangeException(nameof(min), $"Need finite 0 < min <= max, got [{min}, {max}].");
        if (maxTicks < 2)
            throw new ArgumentOutOfRangeException(nameof(maxTicks), maxTicks, "At least two ticks are needed.");

        // A small tolerance so that 1e-5, whose log10 is -4.999999999999999 or so, counts as exactly 10^-5.
        int low = (int)Math.Floor(Math.Log10(min) + 1e-9);
        int high = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        if (high <= low)
            high = low + 1;

        int stride = Math.Max(1, (int)Math.Ceiling((high - low) / (double)(maxTicks - 1)));
        low = FloorToMultiple(low, stride);
        high = low + ((high - low + stride - 1) / stride) * stride;

        int count = (high - low) / stride + 1;
        var ticks = new double[count];
        for (int i = 0; i < count; i++)
            ticks[i] = PowerOfTen(low + i * stride);
        return new TickScale(ticks[0], ticks[^1], stride, logarithmic: true, ticks);
    }

    /// <summary>The smallest step of the form 1, 2 or 5 times a power of ten that is at least <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough))
            throw new ArgumentOutOfRangeException(nameof(rough), rough, "A step must be positive and finite.");
        int exponent = (int)Math.Floor(Math.Log10(rough));
        double power = PowerOfTen(exponent);
        double fraction = rough / power;
        // The tolerance stops 0.30000000000000004 / 0.1 from being rounded up to the next step.
        double nice = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10;
        return nice * power;
    }

    /// <summary>
    /// The label for a tick of a linear axis: as many decimals as the step needs (0.25 steps get two, 5 steps
    /// none), invariant culture.
    /// </summary>
    public static string FormatLinear(double value, double step)
    {
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        if (decimals > 6 || Math.Abs(value) >= 1e7)
            return value.ToString("G4", CultureInfo.InvariantCulture);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>The label for a tick of a logarithmic axis: 10 with a superscript exponent, e.g. "10⁻³".</summary>
    public static string FormatPowerOfTen(double value)
    {
        int exponent = (int)Math.Round(Math.Log10(value));
        var text = new StringBuilder("10");
        foreach (char c in exponent.ToString(CultureInfo.InvariantCulture))
            text.Append(c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹"[c - '0']);
        return text.ToString();
    }

    // Parsing "1eN" yields the double nearest to 10^N, which Math.Pow does not promise for negative N.
    private static double PowerOfTen(int exponent) =>
        double.Parse("1e" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static int FloorToMultiple(int value, int multiple) =>
        (int)Math.Floor(value / (double)multiple) * multiple;
}
