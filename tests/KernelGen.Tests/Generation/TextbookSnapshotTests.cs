using System.Collections.Generic;
using System.Linq;
using KernelGen.Testing;
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

    /// <summary>One generator run for all the kernels: each takes seconds, and the output does not depend on the test.</summary>
    private static readonly System.Lazy<KernelGeneratorRun> s_run = new(() => GeneratorHarness.Run(CatalogSource.Textbook));

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Generated_file_matches_the_reviewed_snapshot(string kernel)
        => KernelSnapshot.VerifyKernel(s_run.Value, "TextbookKernels." + kernel, Snapshots.Of("TextbookKernels." + kernel));

    [Fact]
    public void No_kernel_gets_a_diagnostic_and_the_generated_code_compiles_without_warnings()
    {
        var run = s_run.Value;
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputDiagnostics);
    }

    [Fact]
    public void Every_kernel_in_the_textbook_catalog_has_a_snapshot_test()
    {
        var run = s_run.Value;
        var tested = Kernels.Select(k => $"KernelGen.Tests.Catalog.TextbookKernels.{k[0]}.g.cs").ToHashSet();
        Assert.Equal(tested.OrderBy(x => x), run.GeneratedFiles.Keys.OrderBy(x => x));
    }
}
