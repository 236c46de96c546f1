using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelGen.Benchmarks;

/// <summary>
/// What the generator costs the compiler and the IDE, on the ten-kernel catalog. <see cref="FullRun"/> is a build
/// from nothing: a new driver over a fresh copy of the compilation, so the generator pays for finding and binding
/// the kernels as well as for compiling them; read it as ms per kernel, mean / <see cref="GeneratorCatalog.KernelCount"/>.
/// <see cref="EditElsewhere"/> is the IDE's case, a keystroke in a file without kernels: the driver has run once and
/// sees a compilation with that one file replaced. Roslyn re-runs the front end on every kernel (it reads through a
/// semantic model, and the compilation is new), but the specs it reads come out equal, so neither the kernel
/// compiler nor the emitter runs; <c>--generator-steps</c> shows this step by step. The difference between the two
/// is what the caching saves on each keystroke.
/// </summary>
[BenchmarkCategory("generator")]
[MemoryDiagnoser]
public class GeneratorCostBenchmarks : ISmokeCheck
{
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warmDriver = null!;
    private SyntaxTree _editedTree = null!;
    private GeneratorDriver? _last;

    /// <summary>Builds the catalog compilation and runs the driver over it once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _compilation = GeneratorCatalog.CreateCompilation();
        _warmDriver = GeneratorCatalog.CreateDriver().RunGenerators(_compilation);
        _editedTree = GeneratorCatalog.UnrelatedTree(2);
    }

    /// <summary>A new driver over a copy of the compilation: the copy shares the loaded framework references but
    /// none of the source binding, as a fresh build would.</summary>
    [Benchmark]
    public GeneratorDriver FullRun() =>
        _last = GeneratorCatalog.CreateDriver().RunGenerators(_compilation.Clone());

    /// <summary>The warm driver over the compilation with the kernel-free file edited; the new compilation is made
    /// inside the measurement, since each keystroke makes one.</summary>
    [Benchmark]
    public GeneratorDriver EditElsewhere() =>
        _last = _warmDriver.RunGenerators(GeneratorCatalog.EditElsewhere(_compilation, _editedTree));

    string? ISmokeCheck.Problem() => _last is null ? "no run" : GeneratorCatalog.Problem(_last);
}
