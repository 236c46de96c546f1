using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using KernelGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelGen.Benchmarks;

/// <summary>
/// A project for the generator to compile: the test suite's kernel catalog (the classic losses, one of them with
/// sizes fixed at compile time) plus one file without kernels, the file a user edits while the kernels stay put.
/// </summary>
internal static class GeneratorCatalog
{
    /// <summary>The test suite's kernel catalog, embedded from its source file so the two cannot drift apart.</summary>
    public static readonly string KernelSource = ReadCatalog();

    /// <summary>The number of [Kernel] methods in <see cref="KernelSource"/>, to turn a run's time into time per
    /// kernel.</summary>
    public static readonly int KernelCount = KernelSource.Split("[Kernel").Length - 1;

    private static string ReadCatalog()
    {
        using var stream = typeof(GeneratorCatalog).Assembly.GetManifestResourceStream("CatalogKernels.cs")
            ?? throw new InvalidOperationException("the kernel catalog is not embedded in this assembly (see the project file)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        // The framework this process runs on, plus the KernelGen runtime: what a project using KernelGen references.
        string[] trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                        || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Vec).Assembly.Location))
            .ToImmutableArray();
    });

    /// <summary>A version of the kernel-free file; versions differ in a method body, as after a keystroke.</summary>
    public static SyntaxTree UnrelatedTree(int version) => CSharpSyntaxTree.ParseText(
        $$"""
        namespace Catalog;

        public static class Settings
        {
            public static int Version() => {{version}};
        }
        """,
        s_parseOptions,
        path: "Settings.cs");

    /// <summary>The catalog and version 1 of the kernel-free file.</summary>
    public static CSharpCompilation CreateCompilation() => CSharpCompilation.Create(
        "Catalog",
        new[] { CSharpSyntaxTree.ParseText(KernelSource, s_parseOptions, path: "CatalogKernels.cs"), UnrelatedTree(1) },
        s_references.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));

    /// <summary>The compilation with the kernel-free file replaced by <paramref name="edited"/>.</summary>
    public static CSharpCompilation EditElsewhere(CSharpCompilation compilation, SyntaxTree edited) =>
        compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(t => t.FilePath == edited.FilePath), edited);

    /// <summary>A driver holding nothing yet, as at the start of a command-line build.</summary>
    public static GeneratorDriver CreateDriver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        new[] { new KernelGenerator().AsSourceGenerator() },
        parseOptions: s_parseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>What is wrong with a run over the catalog (the generator threw, reported an error, or did not emit one
    /// file per kernel), or null.</summary>
    public static string? Problem(GeneratorDriver driver)
    {
        GeneratorDriverRunResult result = driver.GetRunResult();
        Exception? exception = result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        if (exception is not null) return "the generator threw: " + exception.Message;
        Diagnostic? error = result.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is not null) return "the generator reported " + error;
        if (result.GeneratedTrees.Length != KernelCount)
            return $"the generator emitted {result.GeneratedTrees.Length} files for {KernelCount} kernels";
        return null;
    }
}
