using System;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Compare;

/// <summary>
/// Entry point. <c>--ratios FOLDER</c> prints the closing table from the JSON reports in FOLDER;
/// <c>--interleaved ROUNDS [FILTER]</c> measures in this process with Base and Head alternating (<see cref="InterleavedRun"/>).
/// Otherwise it runs the benchmarks: <c>--smoke</c> for one iteration per case, any other argument goes to BenchmarkDotNet.
/// </summary>
public static class Program
{
    /// <summary>Non-zero if a benchmark failed, or (for <c>--ratios</c>) there was nothing to report.</summary>
    public static int Main(string[] args)
    {
        if (args is ["--ratios", var folder]) return RatioTable.Print(folder, Console.Out);
        if (args is ["--interleaved", var rounds, ..] && int.TryParse(rounds, out int count) && count > 0)
            return InterleavedRun.Run(count, args.Length > 2 ? args[2] : null, Console.Out);

        bool smoke = args.Contains("--smoke");
        string[] benchmarkArgs = args.Where(a => a != "--smoke").ToArray();
        // Without a filter BenchmarkDotNet asks on the console which benchmarks to run.
        if (!benchmarkArgs.Any(a => a is "--filter" or "-f")) benchmarkArgs = [.. benchmarkArgs, "--filter", "*"];

        Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(benchmarkArgs, ComparisonConfig.Create(smoke)).ToArray();
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
