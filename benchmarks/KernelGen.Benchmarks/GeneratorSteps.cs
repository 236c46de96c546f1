using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using KernelGen.Generator;
using Microsoft.CodeAnalysis;

namespace KernelGen.Benchmarks;

/// <summary>
/// <c>--generator-steps</c>: the evidence behind <see cref="GeneratorCostBenchmarks.EditElsewhere"/>. Runs the
/// generator over the catalog with step tracking, edits the kernel-free file, runs it again, and prints how each
/// tracked step and the source output came out of the second run. A fast number alone could also mean the work
/// moved somewhere unmeasured; Cached or Unchanged on every source output means the emitter did not run. The front
/// end's step shows Unchanged rather than Cached: Roslyn re-runs it on each new compilation and compares its output.
/// </summary>
internal static class GeneratorSteps
{
    private static readonly IncrementalStepRunReason[] s_reasons =
    {
        IncrementalStepRunReason.Cached,
        IncrementalStepRunReason.Unchanged,
        IncrementalStepRunReason.Modified,
        IncrementalStepRunReason.New,
        IncrementalStepRunReason.Removed,
    };

    /// <summary>Prints the table; true if no source output was produced again.</summary>
    public static bool Run(TextWriter output)
    {
        var compilation = GeneratorCatalog.CreateCompilation();
        GeneratorDriver driver = GeneratorCatalog.CreateDriver(trackSteps: true).RunGenerators(compilation);
        string? problem = GeneratorCatalog.Problem(driver);
        if (problem is not null)
        {
            output.WriteLine($"generator steps: the first run failed: {problem}");
            return false;
        }

        driver = driver.RunGenerators(GeneratorCatalog.EditElsewhere(compilation, GeneratorCatalog.UnrelatedTree(2)));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        output.WriteLine($"Generator steps after an edit to a file without kernels ({GeneratorCatalog.KernelCount} kernels), outputs by reason:");
        output.WriteLine($"  {"step",-22}" + string.Concat(s_reasons.Select(r => $"{r,10}")));
        foreach (string step in TrackedStepNames())
        {
            output.WriteLine(Row(step, Runs(result.TrackedSteps, step)));
        }

        var sourceRuns = Runs(result.TrackedOutputSteps, WellKnownGeneratorOutputs.SourceOutput);
        output.WriteLine(Row(WellKnownGeneratorOutputs.SourceOutput, sourceRuns));
        var sourceOutputs = Reasons(sourceRuns).ToList();

        bool cached = sourceOutputs.Count > 0
            && sourceOutputs.All(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        output.WriteLine(cached
            ? "  every source output was cached: the edit did not re-run the emitter"
            : "  FAIL: a source output was produced again (or none was tracked) after an edit that touches no kernel");
        return cached;
    }

    /// <summary>The step names the generator declares for tracking, read from the generator itself so that a new
    /// step shows up here without an edit.</summary>
    private static IEnumerable<string> TrackedStepNames() =>
        typeof(KernelGenerator.Steps).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static ImmutableArray<IncrementalGeneratorRunStep> Runs(
        ImmutableDictionary<string, ImmutableArray<IncrementalGeneratorRunStep>> steps, string name) =>
        steps.TryGetValue(name, out var runs) ? runs : ImmutableArray<IncrementalGeneratorRunStep>.Empty;

    private static IEnumerable<IncrementalStepRunReason> Reasons(IEnumerable<IncrementalGeneratorRunStep> runs) =>
        runs.SelectMany(run => run.Outputs).Select(o => o.Reason);

    private static string Row(string name, IEnumerable<IncrementalGeneratorRunStep> runs)
    {
        var reasons = Reasons(runs).ToList();
        return $"  {name,-22}" + string.Concat(s_reasons.Select(r => $"{reasons.Count(x => x == r),10}"));
    }
}
