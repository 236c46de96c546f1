using System;
using System.Linq;
using KernelGen.Testing;
using KernelGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests.Diagnostics;

/// <summary>
/// KG0016, the range analysis's warning: on the exp that can overflow or underflow, naming the inputs and the
/// consequence and how to write it instead; a warning, so the kernel is still generated and compiles. Kernels whose
/// exps cannot misbehave, or misbehave only where the exact result is beyond float too, get none.
/// </summary>
public sealed class StabilityWarningTests
{
    [Fact]
    public void The_log_of_a_sum_of_two_sums_of_exps_is_reported_on_each_exp()
    {
        var run = Run("[Kernel] public static float Bad(Vec x, Vec y) => Log(Sum(Exp(x)) + Sum(Exp(y)));");

        var warnings = Warnings(run);
        Assert.Equal(new[] { "Exp(x)", "Exp(y)" }, warnings.Select(d => DiagnosticTests.SpanText(run, d)).OrderBy(s => s, StringComparer.Ordinal));
        string message = warnings[0].GetMessage();
        Assert.Contains("'exp(x)' in kernel 'Bad' overflows to +inf when x is above 88.7", message);
        Assert.Contains("is then +inf, although the exact result is finite there", message);
        Assert.Contains("LogSumExp(v)", message);
        AssertGeneratedAndCompiles(run);
    }

    [Fact]
    public void An_exp_times_a_value_that_can_be_zero_is_inf_times_zero()
    {
        var run = Run("[Kernel] public static Vec Bad(Vec x, Vec y) => Exp(x) * y;");

        var d = Assert.Single(Warnings(run));
        Assert.Equal("Exp(x)", DiagnosticTests.SpanText(run, d));
        Assert.Contains("inf * 0 = NaN where the other factor is 0", d.GetMessage());
        Assert.Contains("Exp(a + Log(b))", d.GetMessage());
        AssertGeneratedAndCompiles(run);
    }

    [Fact]
    public void A_hazard_only_in_the_gradient_names_the_gradient()
    {
        // min(exp(x), 1) is 1 where exp(x) overflows, but its gradient there is exp(x) * 0.
        var run = Run("[Kernel] public static float Bad(Vec x) => Sum(Min(Exp(x), 1f));");

        var d = Assert.Single(Warnings(run));
        Assert.Equal("Exp(x)", DiagnosticTests.SpanText(run, d));
        Assert.Contains("although the exact gradient dx is finite there", d.GetMessage());
        AssertGeneratedAndCompiles(run);
    }

    [Fact]
    public void An_underflowing_exp_divided_by_is_reported_as_an_underflow()
    {
        var run = Run("[Kernel] public static Vec Bad(Vec x, Vec y) => y / Exp(x);");

        var d = Assert.Single(Warnings(run));
        Assert.Contains("underflows to 0 when x is below -87.3", d.GetMessage());
        Assert.Contains("then divides by 0", d.GetMessage());
    }

    [Theory]
    [InlineData("[Kernel] public static Vec Fine(Vec x) => Exp(x);")]
    [InlineData("[Kernel] public static float Fine(Vec x) => Sum(Exp(x));")]
    [InlineData("[Kernel] public static float Fine(Vec x) => Log(Sum(Exp(x)));")]
    [InlineData("[Kernel] public static Vec Fine(Vec x) => Log(1 + Exp(x));")]
    [InlineData("[Kernel] public static Vec Fine(Vec x) => 1 / (1 + Exp(-x));")]
    [InlineData("[Kernel] public static float Fine(Vec x, Vec y) => Sum(Log(Exp(x) + Exp(y)));")]
    [InlineData("[Kernel] public static float Fine(Vec x) => Sum(Exp(-Square(x)));")]
    [InlineData("[Kernel] public static Vec Fine(Vec x) => Exp(Min(x, 80f)) * x;")]
    public void Stable_or_honestly_overflowing_kernels_get_no_warning(string kernel)
    {
        var run = Run(kernel);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputDiagnostics);
    }

    [Fact]
    public void The_warning_has_its_docs_page_and_is_a_warning()
    {
        var run = Run("[Kernel] public static Vec Bad(Vec x) => Sqrt(Exp(x));");
        var d = Assert.Single(Warnings(run));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.EndsWith("docs/diagnostics/KG0016.md", d.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Contains("sqrt(exp(x)) is then +inf", d.GetMessage());
    }

    private static KernelGeneratorRun Run(string kernel) => GeneratorHarness.Run($$"""
        using KernelGen;
        using static KernelGen.Ops;

        namespace Demo;

        public static partial class Kernels
        {
            {{kernel}}
        }
        """);

    private static Diagnostic[] Warnings(KernelGeneratorRun run)
    {
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("KG0016", d.Id));
        return run.GeneratorDiagnostics.ToArray();
    }

    private static void AssertGeneratedAndCompiles(KernelGeneratorRun run)
    {
        Assert.Contains("Demo.Kernels.Bad.g.cs", run.GeneratedFiles.Keys);
        Assert.Empty(run.OutputDiagnostics);
    }
}
