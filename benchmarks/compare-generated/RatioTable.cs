using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Compare;

/// <summary>
/// The closing table: for each kernel, operation and size, Base's mean, Head's mean and Head / Base. It reads
/// BenchmarkDotNet's full JSON reports, not its console tables, whose layout and units are for people.
/// </summary>
internal static class RatioTable
{
    /// <summary>Head slower than Base by more than this fraction is marked.</summary>
    public const double Tolerance = 0.03;

    /// <summary>Prints the table of every <c>*-report-full.json</c> under <paramref name="folder"/>; 1 if there is none.</summary>
    public static int Print(string folder, TextWriter output)
    {
        string[] files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*-report-full.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : [];
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"no BenchmarkDotNet JSON report (*-report-full.json) under {folder}");
            return 1;
        }

        var pairs = new List<Pair>();
        var byKey = new Dictionary<(string Benchmark, string Params), Pair>();
        foreach (string file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (!document.RootElement.TryGetProperty("Benchmarks", out var benchmarks)) continue;
            foreach (var benchmark in benchmarks.EnumerateArray())
            {
                // The methods are named operation + side: ForwardBatchBase, ForwardBatchHead.
                string method = Text(benchmark, "Method");
                bool isBase = method.EndsWith("Base", StringComparison.Ordinal);
                if (!isBase && !method.EndsWith("Head", StringComparison.Ordinal)) continue;
                string kernel = Text(benchmark, "Type");
                if (kernel.EndsWith("Comparison", StringComparison.Ordinal)) kernel = kernel[..^"Comparison".Length];
                var key = ($"{kernel}.{method[..^4]}", Text(benchmark, "Parameters").Replace("&", ", "));
                if (!byKey.TryGetValue(key, out var pair))
                {
                    pair = new Pair(key.Item1, key.Item2.Length > 0 ? key.Item2 : "-");
                    byKey.Add(key, pair);
                    pairs.Add(pair);
                }
                if (isBase) pair.Base = Mean(benchmark);
                else pair.Head = Mean(benchmark);
            }
        }

        string percent = $"{Math.Round(Tolerance * 100).ToString(CultureInfo.InvariantCulture)}%";
        var rows = new List<string[]> { new[] { "Benchmark", "Params", "Base mean", "Head mean", "Head/Base", "Note" } };
        foreach (var pair in pairs)
        {
            double? ratio = pair.Head / pair.Base;
            rows.Add([pair.Benchmark, pair.Params, Time(pair.Base), Time(pair.Head),
                ratio is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "n/a",
                ratio > 1 + Tolerance ? $"Head more than {percent} slower" : ""]);
        }
        // The marks' column only when something is marked.
        if (rows.Skip(1).All(row => row[5].Length == 0)) rows = rows.Select(row => row[..5]).ToList();
        WriteAligned(output, rows);

        int compared = pairs.Count(p => p.Base is not null && p.Head is not null);
        int slower = pairs.Count(p => p.Head / p.Base > 1 + Tolerance);
        output.WriteLine();
        output.WriteLine($"{compared} of {pairs.Count} cases compared; Head more than {percent} slower than Base in {slower}.");
        if (compared < pairs.Count) output.WriteLine("n/a: the case has no result for Base or Head (it failed or did not run).");
        return 0;
    }

    private sealed class Pair(string benchmark, string parameters)
    {
        public string Benchmark { get; } = benchmark;
        public string Params { get; } = parameters;
        public double? Base { get; set; }
        public double? Head { get; set; }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    /// <summary>Statistics.Mean in ns, or null for a case without statistics (it failed).</summary>
    private static double? Mean(JsonElement benchmark) =>
        benchmark.TryGetProperty("Statistics", out var statistics) && statistics.ValueKind == JsonValueKind.Object
        && statistics.TryGetProperty("Mean", out var mean) && mean.ValueKind == JsonValueKind.Number
        && mean.GetDouble() is var value && double.IsFinite(value) && value > 0 ? value : null;

    internal static string Time(double? nanoseconds) => nanoseconds switch
    {
        null => "n/a",
        < 1e3 => Format(nanoseconds.Value, "ns"),
        < 1e6 => Format(nanoseconds.Value / 1e3, "μs"),
        < 1e9 => Format(nanoseconds.Value / 1e6, "ms"),
        _ => Format(nanoseconds.Value / 1e9, "s"),
    };

    private static string Format(double value, string unit) => $"{value.ToString("0.000", CultureInfo.InvariantCulture)} {unit}";

    /// <summary>A Markdown table with padded columns: readable in a terminal, and pasted as it is into a review.</summary>
    internal static void WriteAligned(TextWriter output, List<string[]> rows)
    {
        int[] widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(row => row[c].Length)).ToArray();
        // Names and sizes to the left, numbers to the right.
        static bool Left(int column) => column is < 2 or 5;
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((cell, c) => Left(c) ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))) + " |";
        output.WriteLine(Line(rows[0]));
        output.WriteLine("|" + string.Join("|", widths.Select((w, c) => Left(c) ? $" {new string('-', w)} " : $" {new string('-', w - 1)}: ")) + "|");
        foreach (string[] row in rows.Skip(1)) output.WriteLine(Line(row));
    }
}
