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
}
