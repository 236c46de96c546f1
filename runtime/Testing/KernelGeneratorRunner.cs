using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelGen.Testing;

/// <summary>
/// Runs the KernelGen source generator in-process, the way the compiler runs it in a build: over C# source text, or
/// over a compilation you built. The generator is the one this package ships, the same version as the KernelGen
/// package's analyzer.
/// </summary>
public static class KernelGeneratorRunner
{
    /// <summary>Compiles <paramref name="sources"/> with <see cref="KernelGeneratorOptions.Default"/> and runs the generator.</summary>
    /// <exception cref="KernelGeneratorException">The generator threw.</exception>
    public static KernelGeneratorRun Run(params string[] sources) => Run(KernelGeneratorOptions.Default, sources);

    /// <summary>Compiles <paramref name="sources"/> with <paramref name="options"/> and runs the generator.</summary>
    /// <exception cref="KernelGeneratorException">The generator threw.</exception>
    public static KernelGeneratorRun Run(KernelGeneratorOptions options, params string[] sources) => Run(CreateCompilation(options, sources));

    /// <summary>
    /// Runs the generator over <paramref name="compilation"/>. Generated files are parsed with the parse options of
    /// its syntax trees (as in a build, where all of a project's files share them).
    /// </summary>
    /// <exception cref="KernelGeneratorException">The generator threw.</exception>
    public static KernelGeneratorRun Run(CSharpCompilation compilation)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var parseOptions = compilation.SyntaxTrees.Select(t => t.Options).OfType<CSharpParseOptions>().FirstOrDefault() ?? KernelGeneratorOptions.Default.ParseOptions;
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new KernelGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult().Results.Single();
        // A build turns a generator's exception into warning CS8785 and carries on without its files; a test must
        // not take that for "no kernels", so it is an error here.
        if (result.Exception is { } thrown) throw new KernelGeneratorException(thrown);
        var files = result.GeneratedSources.Select(s => new GeneratedFile(s.HintName, s.SourceText.ToString()));
        return new KernelGeneratorRun(compilation, output, diagnostics, files);
    }

    /// <summary>The compilation <see cref="Run(string[])"/> makes of <paramref name="sources"/>, to adjust before passing it to <see cref="Run(CSharpCompilation)"/>.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(KernelGeneratorOptions.Default, sources);

    /// <summary>
    /// A library compilation of <paramref name="sources"/> (named <c>Source0.cs</c>, <c>Source1.cs</c>, ... in
    /// diagnostics) against this process's framework, the KernelGen runtime and <see cref="KernelGeneratorOptions.References"/>,
    /// nullable enabled and optimized as in Release.
    /// </summary>
    public static CSharpCompilation CreateCompilation(KernelGeneratorOptions options, params string[] sources)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Length == 0) throw new ArgumentException("Pass at least one C# source, the code with the [Kernel] methods.", nameof(sources));
        for (int i = 0; i < sources.Length; i++)
            if (sources[i] is null) throw new ArgumentException($"Source {i} is null; pass the C# text of each file.", nameof(sources));
        var parseOptions = options.ParseOptions;
        return CSharpCompilation.Create(
            "Kernels",
            sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, parseOptions, path: $"Source{i}.cs")),
            FrameworkReferences.All.Concat(options.References),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
    }
}
