using System;
using System.Globalization;

namespace KernelGen.BenchReport;

/// <summary>Number formats shared by the tables and the chart, in the invariant culture so reports diff cleanly.</summary>
internal static class Numbers
{
    /// <summary>About three significant digits without exponents: 0.123, 1.23, 12.3, 123, 1234.</summary>
    public static string Short(double value)
    {
        double magnitude = Math.Abs(value);
        string format = magnitude >= 100 ? "F0" : magnitude >= 10 ? "F1" : magnitude >= 1 ? "F2" : magnitude >= 0.01 ? "F3" : "G3";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>A speed-up, e.g. "3.4×"; two decimals below 1, where one would hide how much slower.</summary>
    public static string Ratio(double ratio) =>
        ratio.ToString(ratio >= 1 ? "F1" : "F2", CultureInfo.InvariantCulture) + "×";

    public static string Percent(double fraction) => (fraction * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
