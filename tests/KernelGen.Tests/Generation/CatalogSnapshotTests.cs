using System.Collections.Generic;
using System.Linq;
using KernelGen.Testing;
using KernelGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace KernelGen.Tests.Generation;

/// <summary>
/// The generated file of every catalog kernel, compared with its reviewed snapshot
/// (Generation/Snapshots/*.verified.cs), and compiled with warnings as they would appear to a user.
/// </summary>
public sealed class CatalogSnapshotTests
{
    public static IEnumerable<object[]> Kernels => new[]
    {
        "Softmax", "LogSoftmax", "LogSumExpWithTemperature", "Softmin", "CrossEntropy",
        "SoftTargetCrossEntropy", "LinearCrossEntropy", "MeanSquaredError", "HuberLoss", "FixedSizeLinearCrossEntropy",
    }.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Generated_file_matches_the_reviewed_snapshot(string kernel)
    {
        var run = GeneratorHarness.Run(CatalogSource.Text);
        Assert.Empty(run.GeneratorDiagnostics);
        KernelSnapshot.VerifyKernel(run, "CatalogKernels." + kernel, Snapshots.Of("CatalogKernels." + kernel));
    }

    [Fact]
    public void Every_kernel_in_the_catalog_has_a_snapshot_test()
    {
        var run = GeneratorHarness.Run(CatalogSource.Text);
        var tested = Kernels.Select(k => $"KernelGen.Tests.Catalog.CatalogKernels.{k[0]}.g.cs").ToHashSet();
        Assert.Equal(tested.OrderBy(x => x), run.GeneratedFiles.Keys.OrderBy(x => x));
    }

    [Fact]
    public void Generated_code_compiles_without_any_warning_even_with_documentation_diagnostics_on()
    {
        // Documentation mode "Diagnose" turns missing or malformed XML docs into warnings, as in a project with GenerateDocumentationFile.
        var options = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var compilation = GeneratorHarness.CreateCompilation(CatalogSource.Text);
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(), CSharpSyntaxTree.ParseText(CatalogSource.Text, options, "Catalog.cs"))
            .WithOptions(compilation.Options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1591"] = ReportDiagnostic.Suppress }));
        // The generated files are parsed with the compilation's parse options, documentation mode included, as in a build.
        var run = GeneratorHarness.Run(compilation);
        Assert.Empty(run.GeneratorDiagnostics);
        // CS1591 (an undocumented public member) is suppressed only for the hand-written catalog; every generated member is documented.
        var generatedTrees = run.Output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs")).ToList();
        Assert.Equal(10, generatedTrees.Count);
        Assert.All(generatedTrees, t => Assert.Equal(DocumentationMode.Diagnose, t.Options.DocumentationMode));
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var undocumented = run.Output.WithOptions(run.Output.Options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>()))
            .GetDiagnostics().Where(d => d.Id == "CS1591" && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)).ToList();
        Assert.True(undocumented.Count == 0, string.Join("\n", undocumented));
    }
}
