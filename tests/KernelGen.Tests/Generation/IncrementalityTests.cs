using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using KernelGen.Generator;
using KernelGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace KernelGen.Tests.Generation;

/// <summary>
/// The pipeline caches: an edit that does not change a kernel leaves its generated code Cached/Unchanged,
/// and no pipeline model holds a symbol, syntax node or compilation (which would defeat caching).
/// </summary>
public sealed class IncrementalityTests
{
    private const string Unrelated = "namespace Other; public static class Helpers { public static int Twice(int x) => 2 * x; }";

    [Fact]
    public void An_unrelated_edit_leaves_every_output_cached()
    {
        var (driver, compilation) = FirstRun();
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText(Unrelated.Replace("2 * x", "x + x"), GeneratorHarness.ParseOptions, "Source1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAll(result, KernelGenerator.Steps.Compiled, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output {o.Reason}"));
    }

    [Fact]
    public void A_comment_that_moves_every_kernel_does_not_rerun_the_emitter()
    {
        var (driver, compilation) = FirstRun();
        var kernels = compilation.SyntaxTrees.First();
        var moved = CSharpSyntaxTree.ParseText("// A new comment at the top moves every kernel down a line.\n" + CatalogSource.Text, GeneratorHarness.ParseOptions, kernels.FilePath);
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(kernels, moved)).GetRunResult().Results.Single();

        // The located specs change (their spans moved) but the location-free shapes do not, so compilation and emission are skipped.
        AssertAll(result, KernelGenerator.Steps.Shapes, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertAll(result, KernelGenerator.Steps.Compiled, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Editing_one_kernel_recompiles_only_that_kernel()
    {
        var (driver, compilation) = FirstRun();
        var kernels = compilation.SyntaxTrees.First();
        var edited = CSharpSyntaxTree.ParseText(CatalogSource.Text.Replace("=> Mse(prediction, target);", "=> Mse(target, prediction);"), GeneratorHarness.ParseOptions, kernels.FilePath);
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(kernels, edited)).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[KernelGenerator.Steps.Compiled].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(reasons.Count - 1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void No_pipeline_model_holds_a_symbol_syntax_node_or_compilation()
    {
        var (driver, _) = FirstRun();
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in result.TrackedSteps.Where(s => s.Key is KernelGenerator.Steps.Specs or KernelGenerator.Steps.Shapes or KernelGenerator.Steps.Compiled or KernelGenerator.Steps.Diagnostics))
        {
            foreach (var output in step.Value.SelectMany(s => s.Outputs))
                AssertNoRoslynObjects(output.Value, step.Key, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);
        }
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.CreateCompilation(CatalogSource.Text, Unrelated);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        return (driver, compilation);
    }

    private static void AssertAll(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(allowed.Contains(o.Reason), $"{step}: {o.Reason}"));
    }

    private static void AssertNoRoslynObjects(object? value, string step, HashSet<object> seen, int depth)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 20) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree or Location,
            $"step {step} holds a {value.GetType().Name}, which pins a compilation and defeats caching");
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable items)
        {
            foreach (var item in items) AssertNoRoslynObjects(item, step, seen, depth + 1);
            return;
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertNoRoslynObjects(field.GetValue(value), step, seen, depth + 1);
    }
}
