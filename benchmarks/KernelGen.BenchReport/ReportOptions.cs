using System;
using System.Collections.Generic;
using System.Globalization;

namespace KernelGen.BenchReport;

/// <summary>The command line. Plain parsing: a handful of options does not justify a package.</summary>
public sealed class ReportOptions
{
    public const string Usage = """
        Usage: KernelGen.BenchReport [options]
          --bdn PATH          a BenchmarkDotNet *-report-full.json, or a folder searched for them (repeatable)
          --pytorch FILE      the JSON written by benchmarks/pytorch/kernels.py
          --mnist FILE        the MNIST epoch comparison written by benchmarks/run
          --output-dir DIR    where DATE.md and DATE.svg go (default: benchmarks/results)
          --output FILE.md    exact markdown path, overwritten if present; the chart goes beside it as .svg
          --date yyyy-MM-dd   the report's date (default: today)
          --smoke             mark the report as a smoke run
          --note TEXT         a line for "How it was run", e.g. the command that ran the benchmarks (repeatable)
          --help              this text
        Any input may be missing: its sections then say "not measured".
        """;

    public List<string> Bdn { get; } = [];
    public string? PyTorch { get; private set; }
    public string? Mnist { get; private set; }
    public string OutputDirectory { get; private set; } = System.IO.Path.Combine("benchmarks", "results");
    public string? Output { get; private set; }
    public DateOnly Date { get; private set; } = DateOnly.FromDateTime(DateTime.Now);
    public bool Smoke { get; private set; }
    public bool Help { get; private set; }
    public List<string> Notes { get; } = [];

    /// <exception cref="ArgumentException">An unknown option, a missing value or a malformed date.</exception>
    public static ReportOptions Parse(string[] args)
    {
        var options = new ReportOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            switch (arg)
            {
                case "--bdn": options.Bdn.Add(Value()); break;
                case "--pytorch": options.PyTorch = Value(); break;
                case "--mnist": options.Mnist = Value(); break;
                case "--output-dir": options.OutputDirectory = Value(); break;
                case "--output": options.Output = Value(); break;
                case "--note": options.Notes.Add(Value()); break;
                case "--smoke": options.Smoke = true; break;
                case "--help" or "-h" or "-?": options.Help = true; break;
                case "--date":
                    string text = Value();
                    options.Date = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                        ? date : throw new ArgumentException($"--date {text}: expected yyyy-MM-dd");
                    break;
                default: throw new ArgumentException($"unknown argument {arg}");
            }
        }
        return options;
    }
}
