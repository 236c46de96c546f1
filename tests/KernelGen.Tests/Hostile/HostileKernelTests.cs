using System.Collections.Generic;
using System.Linq;
using KernelGen.Testing;
using KernelGen.Tests.Diagnostics;
using KernelGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Hostile;

/// <summary>
/// The generator never emits C# that fails to compile: over hundreds of kernels written to break it
/// (<see cref="HostileKernelSource"/>) and the cases that once did, every kernel either compiles with no error in its
/// generated file or gets a KG error and generates nothing.
/// </summary>
public sealed class HostileKernelTests
{
    private const int Batches = 28;
    private const int KernelsPerBatch = 25;

    private readonly ITestOutputHelper _output;

    public HostileKernelTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> BatchSeeds => Enumerable.Range(0, Batches).Select(b => new object[] { 1000 + b });

    [Theory]
    [MemberData(nameof(BatchSeeds))]
    public void Every_hostile_kernel_compiles_or_is_rejected_with_a_KG_error(int seed)
    {
        string source = HostileKernelSource.Batch(seed, KernelsPerBatch, out var families);
        var run = GeneratorHarness.Run(source);

        // The test's own source is valid C#: only what the generator wrote can fail.
        var userErrors = DiagnosticTests.Errors(run.Input);
        Assert.True(userErrors.Count == 0, string.Join("\n", userErrors.Take(5)));

        var generatedErrors = DiagnosticTests.Errors(run.Output).Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true).ToList();
        Assert.True(generatedErrors.Count == 0, $"{generatedErrors.Count} errors in generated files, first:\n{string.Join("\n", generatedErrors.Take(5))}");

        int generated = 0;
        for (int k = 0; k < KernelsPerBatch; k++)
        {
            bool hasFile = run.GeneratedFiles.ContainsKey($"Hostile.Batch{seed}.Kernels.K{k}.g.cs");
            var rejections = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.GetMessage().Contains($"'K{k}'")).ToList();
            Assert.True(hasFile != (rejections.Count > 0), $"K{k} (family {families[k]}): generated {hasFile}, rejected by [{string.Join(", ", rejections.Select(d => d.Id))}]");
            // Only a parameter name the generated code needs (a contextual keyword, a loop variable) may cost a kernel its
            // code, and only with KG0013; every other hostile kernel generates.
            if (families[k] == HostileKernelSource.HostileNamesFamily)
                Assert.All(rejections, d => Assert.Equal("KG0013", d.Id));
            else
                Assert.True(hasFile, $"K{k} (family {families[k]}) was rejected: {string.Join("; ", rejections.Select(d => d.GetMessage()))}");
            if (hasFile) generated++;
        }
        _output.WriteLine($"batch {seed}: {generated} of {KernelsPerBatch} generated, {KernelsPerBatch - generated} rejected with KG0013");
    }

    [Theory]
    [InlineData("abs nested 28 deep", "[Kernel] public static Vec F(Vec x) => Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(Abs(x))))))))))))))))))))))))))));")]
    [InlineData("a parameter named RowLanes", "[Kernel] public static Vec F(Vec RowLanes) => Exp(RowLanes) / Sum(Exp(RowLanes));")]
    [InlineData("a member named Vector256", "public static int Vector256 = 1; [Kernel] public static Vec F(Vec x) => Exp(x) / Sum(Exp(x));")]
    [InlineData("a member named MathF", "public static int MathF = 1; [Kernel] public static float F(Vec x, int y) => -Log(Softmax(x))[y];")]
    [InlineData("members named like the framework's exceptions and helpers", "public class ArgumentException { } public static int Unsafe; public static int MemoryMarshal; [Kernel] public static float F(Vec x, Mat w, [Shared] Vec b, int y) => CrossEntropy(w * x + b, y);")]
    [InlineData("parameters named like the generated locals", "[Kernel] public static float F(Vec sum, Vec part, Vec sumB, Vec max, Vec rowsDone, int label) => CrossEntropy(sum * part + sumB * max + rowsDone, label);")]
    public void Cases_that_once_generated_invalid_CSharp_now_compile(string what, string members)
    {
        var run = GeneratorHarness.Run("using KernelGen; using static KernelGen.Ops; namespace H; public static partial class K { " + members + " }");
        Assert.True(run.GeneratorDiagnostics.IsEmpty, what + ": " + string.Join("\n", run.GeneratorDiagnostics));
        Assert.Single(run.GeneratedFiles);
        var errors = DiagnosticTests.Errors(run.Output);
        Assert.True(errors.Count == 0, what + ":\n" + string.Join("\n", errors.Take(5)));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(3000)]
    public void A_sum_of_thousands_of_terms_is_split_into_statements_the_compiler_takes(int terms)
    {
        // 40 sums of reductions once ran the locals' names past 'Z' ("sum["); 3,000 scalar terms, or 3,000 element-wise
        // terms, once made CS8078.
        string kernels = $"[Kernel] public static float Sums(Vec x) => {string.Join(" + ", Enumerable.Range(1, 40).Select(i => $"Sum(x * {i}f)"))};"
            + $"[Kernel] public static float Terms(Vec x, float t) => Sum(x) * ({string.Join(" + ", Enumerable.Range(1, terms).Select(i => $"t * {i}f"))});"
            + $"[Kernel] public static Vec Elements(Vec x, Vec y) => {string.Join(" + ", Enumerable.Range(1, terms).Select(i => (i % 3) switch { 0 => $"Abs(x - {i}f)", 1 => $"y * {i}f", _ => $"Max(x, {i}f)" }))};";
        var run = GeneratorHarness.Run("using KernelGen; using static KernelGen.Ops; namespace H; public static partial class K { " + kernels + " }");
        Assert.True(run.GeneratorDiagnostics.IsEmpty, string.Join("\n", run.GeneratorDiagnostics));
        var errors = DiagnosticTests.Errors(run.Output);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5)));
        string terms3000 = run.Kernel("K.Terms").Text;
        // The remarks quote the expression as written; the code itself is in statements of bounded length.
        int longest = terms3000.Split('\n').Where(l => !l.TrimStart().StartsWith("//")).Max(l => l.Length);
        Assert.True(longest < 8000, $"a line of code of {longest} characters");
    }

    private delegate float FiveVectors(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> x0, System.ReadOnlySpan<float> x1, System.ReadOnlySpan<float> p1, System.ReadOnlySpan<float> p10);

    [Fact]
    public void Numbered_parameters_next_to_each_other_compile_and_compute()
    {
        // x0, x1 are also the names of x's chunks in the unrolled loops, and p10 of p1's: those chunks get other names.
        var run = GeneratorHarness.Run("using KernelGen; using static KernelGen.Ops; namespace H; public static partial class K { [Kernel] public static float F(Vec x, Vec x0, Vec x1, Vec p1, Vec p10) => Sum(x * x0 + x1 * p1 + p10); }");
        Assert.True(run.GeneratorDiagnostics.IsEmpty, string.Join("\n", run.GeneratorDiagnostics));
        var forward = GeneratorHarness.Load(run).GetType("H.K+FKernel", throwOnError: true)!.GetMethods()
            .Single(m => m.Name == "Forward" && m.GetParameters().Length == 5).CreateDelegate<FiveVectors>();
        const int n = 45; // five unrolled blocks of 8 and a tail of 5
        float[] Vector(int k) => Enumerable.Range(0, n).Select(i => (float)System.Math.Sin(i * 0.37 + k)).ToArray();
        float[] x = Vector(0), x0 = Vector(1), x1 = Vector(2), p1 = Vector(3), p10 = Vector(4);
        double expected = Enumerable.Range(0, n).Sum(i => (double)x[i] * x0[i] + (double)x1[i] * p1[i] + p10[i]);
        Assert.Equal(expected, forward(x, x0, x1, p1, p10), 1e-4);
    }

}
