using System.Linq;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Generation;

/// <summary>
/// Generated code reaches the runtime's support code (KernelGen.CompilerServices) by fully qualified names, so a
/// user's type of the same name, next to the kernel or around it, cannot capture the reference.
/// </summary>
public sealed class SupportCodeReferenceTests
{
    private delegate void SpanForward(System.ReadOnlySpan<float> x, System.Span<float> result);

    private const string ShadowingTypes = """
        class VectorMath { }
        class KernelMath { }
        class RowLanes { }
        class MatrixProducts { }
        class RowPass { }
        class RowStreams { }
        class VectorLanes { }
        class ScalarLane { }
        class SumAccumulator { }
        class MaxAccumulator { }
        class RunningMaxSumAccumulator { }
        interface IRowOperator<TAccumulator> { }
        class T { }
        """;

    [Fact]
    public void Kernels_compile_next_to_user_types_named_like_the_support_code()
    {
        // The names declared three ways: in the kernel's class, in its namespace, and in a namespace KernelGen of the user's.
        var run = GeneratorHarness.Run($$"""
            using KernelGen;
            using static KernelGen.Ops;

            namespace KernelGen { {{ShadowingTypes}} }

            namespace User.Losses
            {
                {{ShadowingTypes}}

                public static partial class Shadowed
                {
                    {{ShadowingTypes}}

                    // The pass driver and its operators (RowPass, RowStreams, VectorLanes, the accumulators); Log between
                    // the passes (VectorMath); the eight-row lane path (RowLanes); the batched matrix products (MatrixProducts).
                    [Kernel] public static Vec Softmax(Vec x) => Exp(x) / Sum(Exp(x));
                    [Kernel] public static float Linear(Vec x, Mat w, [Shared] Vec b, int y) => -Log(Softmax(w * x + b))[y];
                    [Kernel] public static float Mixed(Vec x) => Sum(Sigmoid(x) + Softplus(x) + Abs(x));
                }
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(3, run.GeneratedFiles.Count);
        Assert.True(run.OutputDiagnostics.Count == 0, string.Join("\n", run.OutputDiagnostics));
        string[] supportTypes = ["VectorMath", "RowPass", "RowStreams", "VectorLanes", "SumAccumulator", "MaxAccumulator", "RunningMaxSumAccumulator", "IRowOperator<", "RowLanes", "MatrixProducts"];
        foreach (string type in supportTypes)
            Assert.Contains(run.GeneratedFiles.Values, text => text.Contains($"global::KernelGen.CompilerServices.{type}"));

        // And the kernel still computes softmax: the nested types did not change what the code calls.
        var kernel = GeneratorHarness.Load(run).GetType("User.Losses.Shadowed+SoftmaxKernel", throwOnError: true)!;
        var forward = kernel.GetMethods().Single(m => m.Name == "Forward" && m.GetParameters().Length == 2).CreateDelegate<SpanForward>();
        float[] p = new float[3];
        forward([1f, 2f, 3f], p);
        double total = System.Math.Exp(1) + System.Math.Exp(2) + System.Math.Exp(3);
        for (int i = 0; i < 3; i++) Assert.Equal(System.Math.Exp(i + 1) / total, p[i], 1e-6);
    }
}
