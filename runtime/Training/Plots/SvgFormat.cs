using System;
using System.Globalization;
using System.Text;

namespace KernelGen.Plots;

/// <summary>Number and text formatting that always yields valid SVG, whatever the culture or input.</summary>
internal static class SvgFormat
{
    /// <summary>A coordinate with at most two decimals, invariant culture (never a comma, never "NaN").</summary>
    internal static string Number(double value)
    {
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"Internal error: a non-finite coordinate ({value}) reached the SVG writer.");
        return (Math.Round(value, 2) + 0.0).ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <paramref name="text"/> escaped for XML content or a quoted attribute. Characters XML cannot carry at
    /// all (control characters, unpaired surrogates) become a space or U+FFFD instead of breaking the file.
    /// </summary>
    internal static string Escape(string text)
    {
        var result = new StringBuilder(text.Length);
        // EnumerateRunes already turns unpaired surrogates into U+FFFD.
        foreach (Rune rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '&': result.Append("&amp;"); break;
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '"': result.Append("&quot;"); break;
                case '\'': result.Append("&apos;"); break;
                case < 0x20: result.Append(' '); break;
                case 0xFFFE or 0xFFFF: result.Append('\uFFFD'); break;
                default: result.Append(rune.ToString()); break;
            }
        }

        return result.ToString();
    }
}
