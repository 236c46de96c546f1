using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using KernelGen.Testing;
using KernelGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Diagnostics;

/// <summary>
/// Malformed kernels, hand-written and made by mutating the catalog kernels. Whatever the input, the
/// generator must not throw (a user would see CS8785 and lose every kernel), must not hit its internal-error
/// path (KG9999), must say something (a KG diagnostic, or the input is already a C# error), and must never
/// generate code for the malformed kernel, while the good kernel in the same class still generates.
/// </summary>
public sealed class MalformedKernelFuzzTests
{
    private const string GoodHint = "Demo.Kernels.Good.g.cs";

    private readonly ITestOutputHelper _output;

    public MalformedKernelFuzzTests(ITestOutputHelper output) => _output = output;

    /// <summary>A malformed input: members of the partial class Demo.Kernels, and other types after it.</summary>
    private sealed record Case(string Name, string Members, string Types = "")
    {
        public string Source => DiagnosticTests.Source(Members, Types);
    }

    /// <summary>A catalog kernel taken apart so it can be mutated; it is always named Bad in the source.</summary>
    private sealed record Template(string Name, string Return, string[] Parameters, string Body, string? MismatchedSizes)
    {
        public string ParameterList => string.Join(", ", Parameters);

        public IEnumerable<string> ParameterNames => Parameters.Select(p => p.Split(' ').Last());

        /// <summary>The first per-row Vec parameter (every template has one, first).</summary>
        public string Vector => Parameters.First(p => p.StartsWith("Vec ", StringComparison.Ordinal)).Split(' ').Last();

        public string? Label => Parameters.FirstOrDefault(p => p.StartsWith("int ", StringComparison.Ordinal))?.Split(' ').Last();

        public bool HasMatrix => Parameters.Any(p => p.StartsWith("Mat ", StringComparison.Ordinal));

        public string Kernel(string? body = null, string? sizes = null, string? returns = null, string? parameters = null,
            string modifiers = "public static", string name = "Bad", string? block = null)
        {
            string attribute = sizes is null ? "[Kernel]" : $"[Kernel(Sizes = \"{sizes}\")]";
            string tail = block ?? "=> " + (body ?? Body) + ";";
            return $"{attribute} {modifiers} {returns ?? Return} {name}({parameters ?? ParameterList}) {tail}";
        }
    }

    /// <summary>The catalog kernels (tests/KernelGen.Tests/Catalog), as text.</summary>
    private static readonly Template[] s_templates =
    {
        new("Softmax", "Vec", new[] { "Vec x" }, "Exp(x) / Sum(Exp(x))", null),
        new("LogSumExpWithTemperature", "float", new[] { "Vec x", "float t" }, "Log(Sum(Exp(x * t))) / t", null),
        new("CrossEntropy", "float", new[] { "Vec z", "int y" }, "-Log(Softmax(z))[y]", null),
        new("LinearCrossEntropy", "float", new[] { "Vec x", "Mat w", "[Shared] Vec b", "int y" }, "CrossEntropy(w * x + b, y)", "x=3, w=10x4"),
        new("MeanSquaredError", "float", new[] { "Vec prediction", "Vec target" }, "Mse(prediction, target)", "prediction=3, target=4"),
        new("HuberLoss", "float", new[] { "Vec prediction", "Vec target" }, "Huber(prediction, target, 1f)", "prediction=8, target=16"),
    };

    private static readonly Lazy<IReadOnlyDictionary<string, Case>> s_cases = new(() =>
        HandWritten().Concat(s_templates.SelectMany(Mutations)).ToDictionary(c => c.Name, StringComparer.Ordinal));

    public static TheoryData<string> CaseNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in s_cases.Value.Keys) data.Add(name);
            return data;
        }
    }

    public static TheoryData<string> TemplateNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var t in s_templates) data.Add(t.Name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MalformedKernel_IsReported_AndGeneratesNothing(string name)
    {
        var input = s_cases.Value[name];
        _output.WriteLine(input.Members + input.Types);

        var run = RunWithoutThrowing(input.Source);
        var kg = run.GeneratorDiagnostics;
        foreach (var d in kg) _output.WriteLine($"{d.Id} at '{DiagnosticTests.SpanText(run, d)}': {d.GetMessage()}");

        Assert.DoesNotContain(kg, d => d.Id == "KG9999");
        if (kg.Length == 0)
        {
            // Binding the whole input is the slow part of a case, so it is only done when it decides the outcome.
            var csharpErrors = DiagnosticTests.Errors(run.Input);
            foreach (var d in csharpErrors) _output.WriteLine(d.ToString());
            Assert.True(csharpErrors.Count > 0, "The malformed kernel was accepted without any KG diagnostic or C# error.");
        }
        foreach (var d in kg)
        {
            Assert.StartsWith("KG", d.Id, StringComparison.Ordinal);
            DiagnosticTests.AssertWellFormed(d);
        }
        Assert.Equal(new[] { GoodHint }, run.GeneratedFiles.Keys.ToArray());
    }

    /// <summary>The templates themselves are valid: what the fuzz cases report comes from their mutations.</summary>
    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void UnmutatedTemplate_Generates(string name)
    {
        var template = s_templates.Single(t => t.Name == name);
        var run = GeneratorHarness.Run(DiagnosticTests.Source(template.Kernel()));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(DiagnosticTests.Errors(run.Input));
        Assert.Equal(new[] { "Demo.Kernels.Bad.g.cs", GoodHint }, run.GeneratedFiles.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void CaseCount()
    {
        var cases = s_cases.Value.Values.ToList();
        int handWritten = HandWritten().Count();
        _output.WriteLine($"{cases.Count} malformed kernels: {handWritten} hand-written, {cases.Count - handWritten} mutated from {s_templates.Length} catalog kernels.");
        foreach (var group in cases.Skip(handWritten).GroupBy(c => c.Name.Split(':')[0]))
            _output.WriteLine($"  {group.Key}: {group.Count()}");

        Assert.True(cases.Count >= 50, $"only {cases.Count} cases");
    }

    // ---- Inputs that once crashed the generator (each fixed; kept as regressions). ----

    [Fact]
    public void Overloaded_kernels_are_each_reported_and_do_not_crash_the_generator()
    {
        var run = RunWithoutThrowing(DiagnosticTests.Source("""
            [Kernel] public static float Bad(Vec x) => Sum(x);
            [Kernel] public static float Bad(Vec x, Vec y) => Sum(x) + Sum(y);
            """));
        Assert.Equal(2, run.GeneratorDiagnostics.Count(d => d.Id == "KG0014"));
        Assert.Equal(new[] { "Demo.Kernels.Good.g.cs" }, run.GeneratedFiles.Keys);
    }

    [Fact]
    public void A_kernel_in_a_generic_type_generates_compiling_code()
    {
        var run = RunWithoutThrowing(DiagnosticTests.Source("", "public partial class Generic<T> { [Kernel] public static float Fine(Vec x) => Sum(x); }"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("Demo.Generic`1.Fine.g.cs", run.GeneratedFiles.Keys);
        Assert.Empty(DiagnosticTests.Errors(run.Output));
    }

    [Fact]
    public void A_namespace_and_a_nested_type_of_the_same_name_get_different_files()
    {
        var run = RunWithoutThrowing("""
            using KernelGen;
            using static KernelGen.Ops;
            namespace Outer { public static partial class Inner { [Kernel] public static float F(Vec x) => Sum(x); } }
            public static partial class Outer { public static partial class Inner { [Kernel] public static float F(Vec x) => Sum(x); } }
            """);
        // The input itself clashes (CS0101: a namespace and a class named Outer); what matters is that the
        // generator still runs and gives the two kernels two files.
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("Outer.Inner.F.g.cs", run.GeneratedFiles.Keys);
        Assert.Contains("Outer+Inner.F.g.cs", run.GeneratedFiles.Keys);
    }

    [Theory]
    [InlineData("[Kernel] public static Vec Nested(Vec x) => LogSoftmax(LogSoftmax(x));")]
    [InlineData("[Kernel] public static float Nested(Vec x) => LogSumExp(LogSoftmax(x));")]
    [InlineData("[Kernel] public static Vec Nested(Vec x) => Softmax(LogSoftmax(x));")]
    [InlineData("[Kernel] public static float Nested(Vec x) => LogSumExp(x - LogSumExp(x));")]
    public void Nested_log_softmax_compiles_instead_of_overflowing_the_stack(string kernel)
    {
        var run = RunWithoutThrowing(DiagnosticTests.Source(kernel));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("Demo.Kernels.Nested.g.cs", run.GeneratedFiles.Keys);
        Assert.Empty(DiagnosticTests.Errors(run.Output));
    }

    // ---- Cases. ----

    private static IEnumerable<Case> HandWritten()
    {
        // Calls between kernels.
        yield return new("mutual-recursion", """
            [Kernel] public static float Bad(Vec x) => Ping(x);
            [Kernel] public static float Ping(Vec x) => Pong(x);
            [Kernel] public static float Pong(Vec x) => Ping(x);
            """);
        yield return new("calls-kernel-with-floor", "[Kernel] public static float Step(Vec v) => Sum(Floor(v));\n[Kernel] public static float Bad(Vec x) => Step(x) + Sum(x);");
        yield return new("calls-kernel-with-helper-call", "static Vec Relu(Vec v) => Max(v, 0f);\n[Kernel] public static float Inner(Vec v) => Sum(Relu(v));\n[Kernel] public static float Bad(Vec x) => Inner(x);");
        yield return new("calls-non-kernel-helper", "static float Total(Vec v) => Sum(v);\n[Kernel] public static float Bad(Vec x) => Total(x);");
        yield return new("calls-mathf", "[Kernel] public static float Bad(Vec x) => System.MathF.Max(Sum(x), 0f);");
        yield return new("calls-delegate", "[Kernel] public static float Bad(Vec x) => Sum(((System.Func<Vec, Vec>)(v => v))(x));");
        yield return new("calls-vec-method", "[Kernel] public static float Bad(Vec x) => Sum(x) + x.ToArray()[0];");

        // Containing types.
        yield return new("non-partial-class", "", "public static class Plain { [Kernel] public static float Bad(Vec x) => Sum(x); }");
        yield return new("nested-in-non-partial", "", "public static class Outer { public static partial class Inner { [Kernel] public static float Bad(Vec x) => Sum(x); } }");
        yield return new("non-partial-inner", "", "public static partial class Outer { public static class Inner { [Kernel] public static float Bad(Vec x) => Sum(x); } }");
        yield return new("non-partial-struct", "", "public struct Plain { [Kernel] public static float Bad(Vec x) => Sum(x); }");

        // Method shape.
        yield return new("extern-kernel", "[Kernel] public static extern float Bad(Vec x);");
        yield return new("abstract-kernel", "", "public abstract partial class Base { [Kernel] public abstract float Bad(Vec x); }");
        yield return new("interface-kernel", "", "public partial interface IKernels { [Kernel] float Bad(Vec x); }");
        yield return new("void-return", "[Kernel] public static void Bad(Vec x) => Sum(x);");
        yield return new("array-return", "[Kernel] public static float[] Bad(Vec x) => x.ToArray();");

        // Parameters.
        yield return new("params-array", "[Kernel] public static float Bad(params Vec[] xs) => 0f;");
        yield return new("out-parameter", "[Kernel] public static float Bad(Vec x, out float o) => Sum(x);");
        yield return new("in-parameter", "[Kernel] public static float Bad(in Vec x) => Sum(x);");
        yield return new("shared-label", "[Kernel] public static float Bad(Vec x, [Shared] int y) => x[y];");
        yield return new("unknown-parameter-type", "[Kernel] public static float Bad(Vec x, Foo f) => Sum(x);");
        yield return new("double-parameter", "[Kernel] public static float Bad(Vec x, double s) => Sum(x);");
        yield return new("reserved-rows", "[Kernel] public static float Bad(Vec x, Vec rows) => Sum(x) + Sum(rows);");
        yield return new("reserved-gradient-name", "[Kernel] public static float Bad(Vec x, Vec dx) => Dot(x, dx);");
        yield return new("reserved-size-name", "[Kernel] public static float Bad(Vec x, float xLength) => Sum(x) * xLength;");

        // Sizes.
        foreach (var sizes in new[] { "x=3x", "=3", "x=3, x=4", "t=2", "y=2", "x=-1", "x=99999999999", "w=3x0", "x=0", "x=abc", "q=3", "w=10", "x=3x4", "x=1.5" })
            yield return new("sizes \"" + sizes + "\"", $"[Kernel(Sizes = \"{sizes}\")] public static float Bad(Vec x, Mat w, float t, int y) => CrossEntropy(w * x, y) * t;");
        yield return new("declared-sizes-mismatch", "[Kernel(Sizes = \"a=3, b=4\")] public static Vec Bad(Vec a, Vec b) => a + b;");
        yield return new("matvec-sizes-mismatch", "[Kernel(Sizes = \"w=4x5, x=3\")] public static float Bad(Vec x, Mat w) => Sum(w * x);");
        yield return new("chained-matvec-mismatch", "[Kernel(Sizes = \"w=4x5\")] public static float Bad(Vec x, Mat w) => Sum(w * (w * x));");
        yield return new("unused-matrix", "[Kernel] public static float Bad(Vec x, Mat w) => Sum(x);");

        // Syntax that does not parse.
        yield return new("missing-close-paren", "[Kernel] public static float Bad(Vec x) => Sum(Exp(x);");
        yield return new("missing-open-paren", "[Kernel] public static float Bad(Vec x) => Sum Exp(x));");
        yield return new("missing-operand", "[Kernel] public static float Bad(Vec x) => Sum(x) + ;");
        yield return new("missing-arrow", "[Kernel] public static float Bad(Vec x) Sum(x);");
        yield return new("missing-parameter-paren", "[Kernel] public static float Bad(Vec x => Sum(x);");
        yield return new("empty-body", "[Kernel] public static float Bad(Vec x) => ;");

        // Expressions outside the language.
        yield return new("softmax-of-float", "[Kernel] public static float Bad(float t) => Sum(Softmax(t));");
        yield return new("x-length", "[Kernel] public static float Bad(Vec x) => x.Length;");
        yield return new("fractional-index", "[Kernel] public static float Bad(Vec x) => x[0.5f];");
        yield return new("label-arithmetic-index", "[Kernel] public static float Bad(Vec x, int y) => x[y + 1];");
        yield return new("negative-index", "[Kernel] public static float Bad(Vec x) => x[-1];");
        yield return new("float-as-index", "[Kernel] public static float Bad(Vec x) => x[(int)x[0]];");
        yield return new("index-from-end", "[Kernel] public static float Bad(Vec x) => x[^1];");
        yield return new("range", "[Kernel] public static float Bad(Vec x) => Sum(x[1..]);");
        yield return new("matrix-element", "[Kernel] public static float Bad(Vec x, Mat w) => Sum(w * x) + w[0, 0];");
        yield return new("label-as-float", "[Kernel] public static float Bad(Vec x, int y) => Sum(x) + y;");
        yield return new("int-arithmetic", "[Kernel] public static float Bad(Vec x, int y) => Sum(x) + y * 2;");
        yield return new("conditional", "[Kernel] public static float Bad(Vec x) => Sum(x) > 0f ? 1f : 0f;");
        yield return new("pattern-local", "[Kernel] public static float Bad(Vec x) => Sum(x) is var s ? s : 0f;");
        yield return new("remainder", "[Kernel] public static float Bad(Vec x) => Sum(x) % 2f;");
        yield return new("static-field", "static readonly float Scale = 2f;\n[Kernel] public static float Bad(Vec x) => Sum(x) * Scale;");
        yield return new("new-vec", "[Kernel] public static float Bad(Vec x) => Sum(new Vec(new float[] { 1f }));");
        yield return new("array-to-vec", "[Kernel] public static float Bad(Vec x) => Sum(x) + Sum(new float[] { 1f, 2f });");
        yield return new("default-vec", "[Kernel] public static float Bad(Vec x) => Sum(x) + Sum(default(Vec));");
        yield return new("throw", "[Kernel] public static float Bad(Vec x) => throw new System.InvalidOperationException();");
        yield return new("assignment", "[Kernel] public static float Bad(Vec x, float t) => Sum(x) + (t = 2f);");
        yield return new("string-length", "[Kernel] public static float Bad(Vec x) => Sum(x) + \"ab\".Length;");
        yield return new("nameof", "[Kernel] public static float Bad(Vec x) => Sum(x) + nameof(x).Length;");
        yield return new("tuple", "[Kernel] public static float Bad(Vec x) => (Sum(x), 1f).Item1;");
        yield return new("typeof", "[Kernel] public static float Bad(Vec x) => Sum(x) + typeof(Vec).Name.Length;");
        yield return new("unknown-name", "[Kernel] public static float Bad(Vec x) => Sum(x) + Foo;");
        yield return new("bitwise-and", "[Kernel] public static float Bad(Vec x) => Sum(x) & Sum(x);");

        // Not differentiable.
        yield return new("floor-without-stopgradient", "[Kernel] public static float Bad(Vec x) => Sum(Floor(x) * x);");
        yield return new("sign-of-scalar", "[Kernel] public static float Bad(Vec x, float t) => Sign(t) * Sum(x);");
        yield return new("floor-of-matvec", "[Kernel] public static float Bad(Vec x, Mat w) => Sum(Floor(w * x));");
    }

    /// <summary>Systematic mutations of one catalog kernel; the case name is "mutation:kernel".</summary>
    private static IEnumerable<Case> Mutations(Template t)
    {
        Case Make(string mutation, string members, string types = "") => new(mutation + ":" + t.Name, members, types);
        string names = string.Join(", ", t.ParameterNames);

        foreach (var op in new[] { "%", "&", "==" })
        {
            if (SwapFirstOperator(t.Body, op) is { } swapped) yield return Make("operator " + op, t.Kernel(swapped));
        }

        var call = Regex.Match(t.Body, @"[A-Za-z]+\(");
        int open = call.Index + call.Length - 1;
        int close = MatchingParen(t.Body, open);
        yield return Make("unknown-method", t.Kernel(t.Body.Substring(0, call.Index) + "Frobnicate" + t.Body.Substring(open)));
        yield return Make("extra-arguments", t.Kernel(t.Body.Substring(0, close) + ", 1f, 2f" + t.Body.Substring(close)));
        yield return Make("no-arguments", t.Kernel(t.Body.Substring(0, open + 1) + t.Body.Substring(close)));
        yield return Make("delete-open-paren", t.Kernel(t.Body.Remove(open, 1)));
        yield return Make("delete-close-paren", t.Kernel(t.Body.Remove(t.Body.LastIndexOf(')'), 1)));

        yield return Make("lambda", t.Kernel($"((System.Func<{t.Return}>)(() => {t.Body}))()"));
        yield return Make("conditional", t.Kernel($"true ? {t.Body} : {t.Body}"));
        yield return Make("block-with-local", t.Kernel(block: $"{{ var tmp = {t.Body}; return tmp; }}"));
        yield return Make("instance", t.Kernel(modifiers: "public"));
        yield return Make("generic", t.Kernel(name: "Bad<T>"));
        yield return Make("ref-parameter", t.Kernel(parameters: "ref " + t.ParameterList));
        yield return Make("string-parameter", t.Kernel(parameters: t.ParameterList + ", string s"));
        yield return Make("returns-double", t.Kernel(returns: "double"));
        yield return Make("returns-int", t.Kernel(returns: "int"));

        yield return Make("length-property", t.Kernel($"{t.Body} + {t.Vector}.Length"));
        yield return Make("fractional-index", t.Kernel($"{t.Body} + {t.Vector}[0.5f]"));
        string label = t.Label ?? "label";
        string withLabel = t.Label is null ? t.ParameterList + ", int label" : t.ParameterList;
        yield return Make("label-arithmetic-index", t.Kernel($"{t.Body} + {t.Vector}[{label} + 1]", parameters: withLabel));

        yield return Make("direct-recursion", t.Kernel($"{t.Body} + Bad({names})"));
        yield return Make("non-kernel-helper", "static T Helper<T>(T value) => value;\n" + t.Kernel($"Helper({t.Body})"));
        yield return Make("non-partial-class", "", "public static class Plain { " + t.Kernel() + " }");

        yield return Make("sizes zero", t.Kernel(sizes: t.Vector + "=0"));
        yield return Make("sizes not a number", t.Kernel(sizes: t.Vector + "=abc"));
        yield return Make("sizes unknown name", t.Kernel(sizes: "q=3"));
        yield return Make("sizes vector as matrix", t.Kernel(sizes: t.Vector + "=3x4"));
        if (t.HasMatrix) yield return Make("sizes matrix as vector", t.Kernel(sizes: "w=10"));
        if (t.MismatchedSizes is { } mismatched) yield return Make("sizes mismatched", t.Kernel(sizes: mismatched));
    }

    /// <summary>The body with its first binary operator replaced by <paramref name="op"/>, or null if it has none.</summary>
    private static string? SwapFirstOperator(string body, string op)
    {
        var match = Regex.Match(body, @" [-+*/] ");
        return match.Success ? body.Substring(0, match.Index) + " " + op + " " + body.Substring(match.Index + match.Length) : null;
    }

    private static int MatchingParen(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0) return i;
        }
        throw new ArgumentException("unbalanced: " + text);
    }

    private static KernelGeneratorRun RunWithoutThrowing(string source)
    {
        KernelGeneratorRun? run = null;
        var thrown = Record.Exception(() => run = GeneratorHarness.Run(source));
        Assert.True(thrown is null, "The generator threw (a user would see CS8785): " + (thrown?.InnerException ?? thrown));
        return run!;
    }

    /// <summary>The fuzz invariant, without the good-kernel check: no throw, no KG9999, something reported.</summary>
    private static void AssertHandled(string source)
    {
        var run = RunWithoutThrowing(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "KG9999");
        bool compiles = DiagnosticTests.Errors(run.Output).Count == 0;
        Assert.True(compiles || run.GeneratorDiagnostics.Length > 0 || DiagnosticTests.Errors(run.Input).Count > 0,
            "Generated code does not compile and nothing was reported.");
    }
}
