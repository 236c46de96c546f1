using System.Collections.Generic;
using System.Linq;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Generation;

/// <summary>
/// The generated file of every kernel of the second, textbook-written catalog, compared with its reviewed snapshot:
/// the record of which rewrites fired and what the range analysis proved. None may raise a diagnostic, KG0016 included.
/// </summary>
public sealed class TextbookSnapshotTests
{
    public static IEnumerable<object[]> Kernels => new[]
    {
        "SoftplusFromDefinition", "SigmoidFromDefinition", "LogSigmoidOfLogits", "Swish", "Elu", "GeluTanh", "SoftmaxWithTemperature",
        "BinaryCrossEntropyFromDefinition", "BinaryCrossEntropyOfLogits", "BinaryFocalLoss", "KlDivergenceOfLogits", "JensenShannonOfLogits", "LogOfTwoExps", "MeanAbsoluteError",
        "Hinge", "ReluSquaredError", "LabelSmoothingCrossEntropy", "FocalCrossEntropy", "MulticlassHinge", "L2PenalizedLinearCrossEntropy", "WeightStatistics",
        "Entropy", "CauchyLoss",
    }.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Generated_file_matches_the_reviewed_snapshot(string kernel)
    {
        var run = GeneratorHarness.Run(CatalogSource.Textbook);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string hint = $"KernelGen.Tests.Catalog.TextbookKernels.{kernel}.g.cs";
        Assert.True(run.GeneratedSources.ContainsKey(hint), $"no {hint}; generated: {string.Join(", ", run.GeneratedSources.Keys)}");
        Snapshot.Verify("TextbookKernels." + kernel, run.GeneratedSources[hint]);
    }

    [Fact]
    public void Every_kernel_in_the_textbook_catalog_has_a_snapshot_test()
    {
        var run = GeneratorHarness.Run(CatalogSource.Textbook);
        var tested = Kernels.Select(k => $"KernelGen.Tests.Catalog.TextbookKernels.{k[0]}.g.cs").ToHashSet();
        Assert.Equal(tested.OrderBy(x => x), run.GeneratedSources.Keys.OrderBy(x => x));
    }
}
