using System;
using System.Linq;
using KernelGen.Testing;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace KernelGen.Tests.Values;

/// <summary>
/// The trainer contract the generated classes implement (IKernel, ILossKernel): the signature describes the method,
/// and the entry points over KernelArguments give exactly what the span entry points give.
/// </summary>
public sealed class TrainerContractTests
{
    [Fact]
    public void The_signature_names_every_parameter_with_its_kind_role_and_compile_time_size()
    {
        var signature = CatalogKernels.FixedSizeLinearCrossEntropyKernel.Signature;
        Assert.Equal("CatalogKernels.FixedSizeLinearCrossEntropy", signature.Name);
        Assert.False(signature.ReturnsVector);
        Assert.Equal(
            new[]
            {
                new KernelParameter("x", KernelParameterKind.Vector, IsPerRow: true, HasGradient: false, Rows: 784),
                new KernelParameter("w", KernelParameterKind.Matrix, IsPerRow: false, HasGradient: true, Rows: 10, Columns: 784),
                new KernelParameter("b", KernelParameterKind.Vector, IsPerRow: false, HasGradient: true, Rows: 10),
                new KernelParameter("y", KernelParameterKind.Label, IsPerRow: true, HasGradient: false),
            },
            signature.Parameters);

        var general = CatalogKernels.LogSumExpWithTemperatureKernel.Signature;
        Assert.Equal(new[] { ("x", true, (int?)null), ("t", false, null) }, general.Parameters.Select(p => (p.Name, p.IsPerRow, p.Rows)));
        Assert.True(CatalogKernels.SoftmaxKernel.Signature.ReturnsVector);
        Assert.Contains("no parameter 'q'", Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => general["q"]).Message);
    }

    [Fact]
    public void Forward_backward_through_the_arguments_equals_the_span_entry_point_bit_for_bit()
    {
        var random = new Random(4);
        const int rows = 9, n = 13, k = 5;
        var x = TestData.Normal(random, rows * n, 1);
        var w = TestData.Normal(random, k * n, 0.5);
        var b = TestData.Normal(random, k, 0.5);
        var y = Enumerable.Range(0, rows).Select(_ => random.Next(k)).ToArray();
        var values = new float[rows];
        var dx = new float[rows * n];
        var dw = new float[k * n];
        var db = new float[k];
        CatalogKernels.LinearCrossEntropyKernel.ForwardBackwardBatch(rows, x, w, b, y, 0.25f, values, dx, dw, db);

        var arguments = new KernelArguments(CatalogKernels.LinearCrossEntropyKernel.Signature);
        arguments.SetFloats(0, x);
        arguments.SetFloats(1, w);
        arguments.SetFloats(2, b);
        arguments.SetLabels(3, y);
        var (gx, gw, gb) = (new float[dx.Length], new float[dw.Length], new float[db.Length]);
        arguments.SetGradient(0, gx);
        arguments.SetGradient(1, gw);
        arguments.SetGradient(2, gb);
        var viaContract = new float[rows];
        ForwardBackward<CatalogKernels.LinearCrossEntropyKernel>(rows, arguments, 0.25f, viaContract);
        Assert.Equal(values, viaContract);
        Assert.Equal(dx, gx);
        Assert.Equal(dw, gw);
        Assert.Equal(db, gb);

        var forward = new float[rows];
        Forward<CatalogKernels.LinearCrossEntropyKernel>(rows, arguments, forward);
        Assert.Equal(values, forward);
    }

    [Fact]
    public void A_scalar_gradient_comes_back_through_the_arguments()
    {
        var random = new Random(8);
        const int rows = 3, n = 11;
        var x = TestData.Normal(random, rows * n, 2);
        var values = new float[rows];
        var dx = new float[rows * n];
        CatalogKernels.LogSumExpWithTemperatureKernel.ForwardBackwardBatch(rows, x, 0.7f, 1f, values, dx, out float dt);

        var arguments = new KernelArguments(CatalogKernels.LogSumExpWithTemperatureKernel.Signature);
        arguments.SetFloats(0, x);
        arguments.SetScalar(1, 0.7f);
        var gx = new float[dx.Length];
        arguments.SetGradient(0, gx);
        var viaContract = new float[rows];
        ForwardBackward<CatalogKernels.LogSumExpWithTemperatureKernel>(rows, arguments, 1f, viaContract);
        Assert.Equal(values, viaContract);
        Assert.Equal(dx, gx);
        Assert.Equal(dt, arguments.ScalarGradientOf(1));
    }

    [Fact]
    public void A_missing_argument_or_a_wrong_setter_is_named()
    {
        var arguments = new KernelArguments(CatalogKernels.CrossEntropyKernel.Signature);
        arguments.SetFloats(0, new float[4]);
        var missing = Assert.Throws<InvalidOperationException>(() => Forward<CatalogKernels.CrossEntropyKernel>(1, arguments, new float[1]));
        Assert.Contains("argument 'y' was not set", missing.Message);
        var wrong = Assert.Throws<ArgumentException>(() => arguments.SetScalar(0, 1f));
        Assert.Contains("does not apply to 'z', a vector parameter", wrong.Message);
    }

    [Fact]
    public void Below_CSharp_12_the_kernel_reports_KG0019_and_generates_nothing()
    {
        const string source = """
            using KernelGen;
            using static KernelGen.Ops;
            public static partial class Old
            {
                [Kernel] public static float Loss([NoGradient] Vec x, [Shared] Vec w) => Square(Dot(w, x));
            }
            """;
        var run = KernelGeneratorRunner.Run(new KernelGeneratorOptions { LanguageVersion = LanguageVersion.CSharp11 }, source);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("KG0019", diagnostic.Id);
        Assert.Contains("C# 11", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("'Loss'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.GeneratedFiles);
    }

    [Fact]
    public void Parameter_names_that_the_contract_members_use_themselves_still_compile()
    {
        // 'arguments', 'output' and 'Signature' are names of the contract's own parameters and property.
        const string source = """
            using KernelGen;
            using static KernelGen.Ops;
            namespace Odd.Names;
            public static partial class Outer<T>
            {
                public static partial class Inner
                {
                    [Kernel] public static float Signature([NoGradient] Vec arguments, [Shared] Vec output, float Signature2, int label)
                        => CrossEntropy(arguments * output + Signature2, label) + Sum(Square(output));
                }
            }
            """;
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputDiagnostics);
        Assert.Contains("global::KernelGen.ILossKernel", run.GeneratedFiles.Values.Single());
    }

    private static void ForwardBackward<TLoss>(int rows, KernelArguments arguments, float gradScale, Span<float> values) where TLoss : ILossKernel
        => TLoss.ForwardBackwardBatch(rows, arguments, gradScale, values);

    private static void Forward<TKernel>(int rows, KernelArguments arguments, Span<float> output) where TKernel : IKernel
        => TKernel.ForwardBatch(rows, arguments, output);
}
