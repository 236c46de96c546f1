using System;
using System.IO;

namespace KernelGen.BenchReport;

/// <summary>Where a report's markdown and chart go.</summary>
public sealed record OutputPaths(string Markdown, string Svg)
{
    /// <summary>
    /// <paramref name="explicitMarkdown"/> when given (overwritten: the caller named it); otherwise
    /// <c>DIR/yyyy-MM-dd.md</c>, or <c>-2</c>, <c>-3</c>... when an earlier run of the same day is there, so a
    /// second run never silently replaces the first.
    /// </summary>
    public static OutputPaths Choose(string directory, DateOnly date, string? explicitMarkdown)
    {
        if (explicitMarkdown is not null)
            return new OutputPaths(explicitMarkdown, Path.ChangeExtension(explicitMarkdown, ".svg"));
        string stem = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        for (int n = 1; ; n++)
        {
            string name = n == 1 ? stem : $"{stem}-{n}";
            var paths = new OutputPaths(Path.Combine(directory, name + ".md"), Path.Combine(directory, name + ".svg"));
            if (!File.Exists(paths.Markdown) && !File.Exists(paths.Svg)) return paths;
        }
    }
}
