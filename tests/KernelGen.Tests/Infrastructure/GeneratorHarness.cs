using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using KernelGen.Generator;
using KernelGen.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelGen.Tests.Infrastructure;

/// <summary>
/// The generator run in-process for these tests: KernelGen.Testing's <see cref="KernelGeneratorRunner"/>, the one
/// implementation users get too, plus the step-tracking driver that only the incrementality tests need.
/// </summary>
public static class GeneratorHarness
{
    /// <summary>The parse options the runner compiles source text with.</summary>
    public static CSharpParseOptions ParseOptions => KernelGeneratorOptions.Default.ParseOptions;

    public static CSharpCompilation CreateCompilation(params string[] sources) => KernelGeneratorRunner.CreateCompilation(sources);

    public static KernelGeneratorRun Run(params string[] sources) => KernelGeneratorRunner.Run(sources);

    public static KernelGeneratorRun Run(CSharpCompilation compilation) => KernelGeneratorRunner.Run(compilation);

    /// <summary>A driver to run by hand, for tests that look at the incremental steps rather than the output.</summary>
    public static GeneratorDriver CreateDriver(bool trackSteps = false)
        => CSharpGeneratorDriver.Create(
            new[] { new KernelGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Emits the run's output compilation and loads it into a collectible context, to call the kernels.</summary>
    public static Assembly Load(KernelGeneratorRun run)
    {
        using var stream = new MemoryStream();
        var result = run.Output.Emit(stream);
        if (!result.Success)
            throw new InvalidOperationException("Generated code did not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext("kernels-" + Guid.NewGuid(), isCollectible: true).LoadFromStream(stream);
    }
}
