using System;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace KernelGen.Benchmarks;

/// <summary>
/// Entry point. Without a switch of its own, the arguments go to BenchmarkDotNet (<c>--filter '*Softmax*'</c>,
/// <c>--artifacts dir</c>, ...). <c>--smoke</c> runs every benchmark once at tiny sizes and checks the outputs;
/// <c>--generator-steps</c> shows which generator steps an edit outside the kernels re-runs.
/// </summary>
public static class Program
{
    /// <summary>Runs what <paramref name="args"/> selects; non-zero if anything failed.</summary>
    public static int Main(string[] args)
    {
        if (args.Contains("--smoke")) return SmokeRunner.Run(Console.Out);
        if (args.Contains("--generator-steps")) return GeneratorSteps.Run(Console.Out) ? 0 : 1;

        Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create()).ToArray();
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
