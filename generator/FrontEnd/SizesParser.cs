using System.Collections.Generic;
using System.Globalization;

namespace KernelGen.Generator.FrontEnd;

/// <summary>Parses the <c>Sizes</c> property of [Kernel]: comma-separated <c>name=N</c> or <c>name=RxC</c>.</summary>
internal static class SizesParser
{
    public readonly record struct Entry(string Name, int Rows, int Columns);

    /// <summary>Returns the entries, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static List<Entry>? Parse(string text, out string error)
    {
        error = "";
        var entries = new List<Entry>();
        var seen = new HashSet<string>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            if (part.Length == 0) continue;
            int eq = part.IndexOf('=');
            if (eq <= 0)
            {
                error = $"'{part}' has no 'name='";
                return null;
            }
            var name = part.Substring(0, eq).Trim();
            var value = part.Substring(eq + 1).Trim().ToLowerInvariant();
            if (!seen.Add(name))
            {
                error = $"'{name}' is given twice";
                return null;
            }
            int x = value.IndexOf('x');
            if (x < 0)
            {
                if (!TryPositive(value, out int n))
                {
                    error = $"'{value}' is not a positive size";
                    return null;
                }
                entries.Add(new Entry(name, n, -1));
            }
            else
            {
                if (!TryPositive(value.Substring(0, x).Trim(), out int rows) || !TryPositive(value.Substring(x + 1).Trim(), out int columns))
                {
                    error = $"'{value}' is not 'rows x columns' with positive sizes";
                    return null;
                }
                if ((long)rows * columns > int.MaxValue)
                {
                    // The generated code indexes the matrix with int offsets, as spans do.
                    error = $"'{value}' has {(long)rows * columns} elements, more than a span can hold ({int.MaxValue})";
                    return null;
                }
                entries.Add(new Entry(name, rows, columns));
            }
        }
        return entries;
    }

    private static bool TryPositive(string s, out int value)
        => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
