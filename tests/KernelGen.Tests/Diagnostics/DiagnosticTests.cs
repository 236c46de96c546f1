using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using KernelGen.Testing;
using KernelGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace KernelGen.Tests.Diagnostics;

/// <summary>
/// One test per diagnostic ID: the bad kernel of its docs page gets exactly that ID, as an error, on the
/// offending syntax, with a help link to the page and a message that names the culprit; the bad kernel
/// generates nothing while a good kernel next to it still does. The fixed versions from the pages generate.
/// </summary>
public sealed class DiagnosticTests
{
    private const string GoodHint = "Demo.Kernels.Good.g.cs";

    /// <summary>A good kernel, then <paramref name="members"/>, in a partial (non-static) class; <paramref name="types"/> after it.</summary>
    internal static string Source(string members, string types = "") => $$"""
        using KernelGen;
        using static KernelGen.Ops;

        namespace Demo;

        public partial class Kernels
        {
            [Kernel] public static float Good(Vec x) => Sum(x);

            {{members}}
        }

        {{types}}
        """;

    [Theory]
    [InlineData("[Kernel] public float Bad(Vec x) => Sum(x);", "it is not static")]
    [InlineData("[Kernel] public static float Bad<T>(Vec x) => Sum(x);", "it is generic")]
    [InlineData("[Kernel] public static float Bad(Vec p, Vec t) { var d = p - t; return Mean(Square(d)); }", "its body is not a single expression")]
    [InlineData("[Kernel] public static partial float Bad(Vec x);\n    public static partial float Bad(Vec x) => Sum(x);",
        "it is a partial method, whose declaration has no body; declare the kernel as an ordinary static method with its expression")]
    public void KG0001_KernelShape(string kernel, string reason)
    {
        var run = GeneratorHarness.Run(Source(kernel));

        var d = Single(run, "KG0001");
        Assert.Equal("Bad", SpanText(run, d));
        Assert.Contains("'Bad'", d.GetMessage());
        Assert.EndsWith(reason, d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Theory]
    [InlineData("public static class Plain { [Kernel] public static float Bad(Vec x) => Sum(x); }", "Plain")]
    [InlineData("public static class Outer { public static partial class Inner { [Kernel] public static float Bad(Vec x) => Sum(x); } }", "Outer")]
    public void KG0002_NotPartial(string types, string nonPartialType)
    {
        var run = GeneratorHarness.Run(Source("", types));

        var d = Single(run, "KG0002");
        Assert.Equal(nonPartialType, SpanText(run, d));
        Assert.Contains($"Type '{nonPartialType}' contains kernel 'Bad'", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Theory]
    [InlineData("[Kernel] public static float Bad(Vec x, string name) => Sum(x);", "name", "string")]
    [InlineData("[Kernel] public static float Bad(ref Vec x) => Sum(x);", "x", "KernelGen.Vec")]
    [InlineData("[Kernel] public static float Bad(Vec x, [Shared] int y) => x[y];", "y", "[Shared] int")]
    public void KG0003_UnsupportedParameter(string kernel, string parameter, string type)
    {
        var run = GeneratorHarness.Run(Source(kernel));

        var d = Single(run, "KG0003");
        Assert.Equal(parameter, SpanText(run, d));
        Assert.Contains($"Parameter '{parameter}' of kernel 'Bad' has type '{type}", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG0004_UnsupportedReturn()
    {
        var run = GeneratorHarness.Run(Source("[Kernel] public static double Bad(Vec x) => Sum(x);"));

        var d = Single(run, "KG0004");
        Assert.Equal("double", SpanText(run, d));
        Assert.Contains("Kernel 'Bad' returns 'double'", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG0005_UnsupportedCall()
    {
        var run = GeneratorHarness.Run(Source("""
            static Vec Relu(Vec v) => Max(v, 0f);
            [Kernel] public static float Bad(Vec x) => Sum(Relu(x));
            """));

        var d = Single(run, "KG0005");
        Assert.Equal("Relu(x)", SpanText(run, d));
        Assert.StartsWith("'Kernels.Relu(Vec)' cannot be compiled", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG0006_ShapeMismatch()
    {
        var run = GeneratorHarness.Run(Source("""[Kernel(Sizes = "a=3, b=4")] public static Vec Bad(Vec a, Vec b) => a + b;"""));

        var d = Single(run, "KG0006");
        Assert.Equal("a + b", SpanText(run, d));
        Assert.Contains("the declared sizes are 3 and 4", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG0007_NotDifferentiable()
    {
        var run = GeneratorHarness.Run(Source("[Kernel] public static float Bad(Vec x) => Sum(Floor(x) * x);"));

        var d = Single(run, "KG0007");
        Assert.Equal("Floor(x)", SpanText(run, d));
        Assert.StartsWith("'Floor' is piecewise constant, so the gradient of kernel 'Bad'", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Theory]
    [InlineData("x=abc", "'abc' is not a positive size")]
    [InlineData("x=0", "'0' is not a positive size")]
    [InlineData("q=3", "'q' is not a parameter")]
    [InlineData("w=10", "'w' is a matrix, so its size is written 'RxC'")]
    [InlineData("x=3, x=4", "'x' is given twice")]
    [InlineData("t=2", "'t' is a scalar")]
    [InlineData("w=65536x65536", "'65536x65536' has 4294967296 elements, more than a span can hold (2147483647)")]
    public void KG0008_InvalidSizes(string sizes, string why)
    {
        var run = GeneratorHarness.Run(Source($$"""[Kernel(Sizes = "{{sizes}}")] public static float Bad(Vec x, Mat w, float t) => Sum(w * x) * t;"""));

        var d = Single(run, "KG0008");
        Assert.Equal($"Kernel(Sizes = \"{sizes}\")", SpanText(run, d));
        Assert.StartsWith($"Sizes \"{sizes}\" on kernel 'Bad' is invalid: {why}", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG0009_RecursiveKernel()
    {
        var run = GeneratorHarness.Run(Source("[Kernel] public static float Bad(Vec x) => Sum(x) + Bad(x);"));

        var d = Single(run, "KG0009");
        Assert.Equal("Bad(x)", SpanText(run, d));
        Assert.StartsWith("Kernel 'Bad' calls itself through Bad -> Bad;", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG0009_MutualRecursion_NamesTheKernelOnTheCycle()
    {
        // Bad is not on the cycle: it calls into it. Its message must name Ping, which does call itself.
        var run = GeneratorHarness.Run(Source("""
            [Kernel] public static float Bad(Vec x) => Ping(x);
            [Kernel] public static float Ping(Vec x) => Pong(x);
            [Kernel] public static float Pong(Vec x) => Ping(x);
            """));

        var reported = Reported(run, "KG0009", "KG0009", "KG0009")
            .Select(d => (Span: SpanText(run, d), Message: d.GetMessage()))
            .OrderBy(p => p.Message, StringComparer.Ordinal)
            .ThenBy(p => p.Span, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(("Ping(x)", "Kernel 'Ping' calls itself through Ping -> Pong -> Ping"), (reported[0].Span, reported[0].Message.Split(';')[0]));
        Assert.Equal(("Pong(x)", "Kernel 'Ping' calls itself through Ping -> Pong -> Ping"), (reported[1].Span, reported[1].Message.Split(';')[0]));
        Assert.Equal(("Ping(x)", "Kernel 'Pong' calls itself through Pong -> Ping -> Pong"), (reported[2].Span, reported[2].Message.Split(';')[0]));
        AssertOnlyGoodGenerated(run);
    }

    [Theory]
    [InlineData("Sum(x) / x.Length", "x.Length", "only float values take part in kernel arithmetic")]
    [InlineData("Sum(x) % 2f", "Sum(x) % 2f", "operator 'Remainder' has no kernel meaning")]
    [InlineData("Sum(x) > 0f ? 1f : 0f", "Sum(x) > 0f ? 1f : 0f", "conditionals are not supported")]
    [InlineData("Sum(x) * Scale", "Scale", "fields are not supported")]
    [InlineData("Sum(x) + y", "y", "an int label can only be used as an index")]
    public void KG0010_UnsupportedExpression(string body, string construct, string why)
    {
        var run = GeneratorHarness.Run(Source($"static readonly float Scale = 2f;\n[Kernel] public static float Bad(Vec x, int y) => {body};"));

        var d = Single(run, "KG0010");
        Assert.Equal(construct, SpanText(run, d));
        Assert.StartsWith($"'{construct}' is not part of the kernel language ({why}", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Theory]
    [InlineData("x[y + 1]", "y + 1", "Index 'y + 1' is not an int parameter")]
    [InlineData("x[-1]", "-1", "Index '-1' is negative; elements are counted from 0, so the first is v[0] and v[-1] has no element")]
    [InlineData("CrossEntropy(x, (int)x[0])", "(int)x[0]", "Index 'x[0]' is not an int parameter")]
    public void KG0011_InvalidIndex(string body, string index, string message)
    {
        var run = GeneratorHarness.Run(Source($"[Kernel] public static float Bad(Vec x, int y) => {body};"));

        var d = Single(run, "KG0011");
        Assert.Equal(index, SpanText(run, d));
        Assert.StartsWith(message, d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG0012_UnknownSize()
    {
        var run = GeneratorHarness.Run(Source("[Kernel] public static float Bad(Vec x, Mat w) => Sum(x);"));

        var d = Single(run, "KG0012");
        Assert.Equal("Bad", SpanText(run, d));
        Assert.StartsWith("The number of rows of 'w' in kernel 'Bad' is not fixed", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Theory]
    [InlineData("Vec x, Vec dx", "dx", "the gradient of 'x'")]
    [InlineData("Vec x, Vec rows", "rows", "entry-point parameters")]
    [InlineData("Vec x, Vec scratchBuffer", "scratchBuffer", "entry-point parameters")]
    [InlineData("Vec x, Vec xLength", "xLength", "the length of 'x'")]
    [InlineData("Vec x, Mat w, float wColumns", "wColumns", "the number of columns of 'w'")]
    public void KG0013_ReservedName(string parameters, string parameter, string usedFor)
    {
        var run = GeneratorHarness.Run(Source($"[Kernel] public static float Bad({parameters}) => Sum(x);"));

        var d = Single(run, "KG0013");
        Assert.Equal(parameter, SpanText(run, d));
        Assert.StartsWith($"Parameter '{parameter}' of kernel 'Bad' clashes with a name the generated entry points use ({usedFor}", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    /// <summary>
    /// Code that is not valid C# is left to the C# compiler (docs/diagnostics/README.md): no KG error
    /// repeats the compiler's, and the kernel generates nothing until it compiles.
    /// </summary>
    [Theory]
    [InlineData("[Kernel] public static float Bad(Vec x) => Sum(Exp(x);", "CS1026")]
    [InlineData("[Kernel] public static float Bad(Vec x => Sum(x);", "CS1003")]
    [InlineData("[Kernel] public static float Bad(float t) => Sum(Softmax(t));", "CS1503")]
    [InlineData("[Kernel] public static float Bad(Vec x) => Sum(x) + Foo;", "CS0103")]
    [InlineData("[Kernel] public static float Bad(Vec x) => Sum(x) & Sum(x);", "CS0019")]
    public void CodeThatDoesNotCompile_IsLeftToTheCompiler(string kernel, string compilerError)
    {
        var run = GeneratorHarness.Run(Source(kernel));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains(Errors(run.Input), d => d.Id == compilerError);
        Assert.Equal(new[] { GoodHint }, run.GeneratedFiles.Keys.ToArray());
    }

    /// <summary>Only syntax errors switch a kernel off: a doc comment's XML warning must not.</summary>
    [Fact]
    public void MalformedDocComment_DoesNotSwitchTheKernelOff()
    {
        string source = Source("/// <summary>a < b</summary>\n[Kernel] public static float Documented(Vec x) => Sum(x);");
        var compilation = GeneratorHarness.CreateCompilation(source);
        var tree = compilation.SyntaxTrees.Single();
        var diagnosed = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose), tree.FilePath);
        var run = GeneratorHarness.Run(compilation.ReplaceSyntaxTree(tree, diagnosed));

        Assert.Contains(diagnosed.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Warning);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("Demo.Kernels.Documented.g.cs", run.GeneratedFiles.Keys);
    }

    /// <summary>A project whose KernelGen.KernelAttribute is its own, without the runtime's Vec, Mat and Ops.</summary>
    [Fact]
    public void KG0015_RuntimeNotReferenced()
    {
        const string source = """
            namespace KernelGen
            {
                [System.AttributeUsage(System.AttributeTargets.Method)]
                public sealed class KernelAttribute : System.Attribute { }
            }

            namespace Demo
            {
                public static partial class Kernels
                {
                    [KernelGen.Kernel] public static float Bad(float x) => x;
                }
            }
            """;
        var withRuntime = GeneratorHarness.CreateCompilation(source);
        var runtime = withRuntime.References.OfType<PortableExecutableReference>()
            .Single(r => string.Equals(r.FilePath, typeof(KernelAttribute).Assembly.Location, StringComparison.Ordinal));
        var run = GeneratorHarness.Run(withRuntime.RemoveReferences(runtime));

        Assert.Empty(Errors(run.Input));
        var d = Single(run, "KG0015");
        Assert.Equal("Bad", SpanText(run, d));
        Assert.Contains("'Bad'", d.GetMessage());
        Assert.Contains("KernelGen runtime", d.GetMessage());
        Assert.Empty(run.GeneratedFiles);
    }

    [Fact]
    public void KG0014_OverloadedKernel()
    {
        var run = GeneratorHarness.Run(Source("""
            [Kernel] public static float Bad(Vec x) => Sum(x);
            [Kernel] public static float Bad(Vec x, Vec y) => Dot(x, y);
            """));
        var reported = Reported(run, "KG0014", "KG0014");
        Assert.All(reported, d => Assert.Equal("Bad", SpanText(run, d)));
        Assert.Contains("'Bad'", reported[0].GetMessage());
        Assert.Contains("BadKernel", reported[0].GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG0017_FileLocalType()
    {
        var run = GeneratorHarness.Run(Source("", "file static partial class Hidden { [Kernel] public static Vec Bad(Vec x) => Exp(x) / Sum(Exp(x)); }"));
        var d = Single(run, "KG0017");
        Assert.Equal("Hidden", SpanText(run, d));
        Assert.StartsWith("Type 'Hidden' containing kernel 'Bad' is file-local", d.GetMessage());
        Assert.EndsWith("Declare 'Hidden' internal (or public) instead of 'file'.", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Theory]
    [InlineData("public static class BadKernel { }", "a nested type")]
    [InlineData("public static int BadKernel;", "a field")]
    [InlineData("public static void BadKernel() { }", "a method")]
    public void KG0018_GeneratedNameTaken(string member, string what)
    {
        var run = GeneratorHarness.Run(Source(member + " [Kernel] public static Vec Bad(Vec x) => Exp(x) / Sum(Exp(x));"));
        var d = Single(run, "KG0018");
        Assert.Equal("Bad", SpanText(run, d));
        Assert.Equal($"Type 'Kernels' already has a member named 'BadKernel' ({what}), which is the name of the class generated for kernel 'Bad'; rename that member or the kernel", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG0018_GeneratedNameTaken_ByAnInheritedMember()
    {
        var run = GeneratorHarness.Run(Source("", """
            public class Base { public static int BadKernel; }
            public partial class Derived : Base { [Kernel] public static float Bad(Vec x) => Sum(x); }
            """));
        var d = Single(run, "KG0018");
        Assert.Contains("(a field inherited from Base)", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG0001_LocalFunction()
    {
        var run = GeneratorHarness.Run(Source("""
            public static float Host(float[] v)
            {
                [Kernel] static float Bad(Vec x) => Sum(x);
                return Bad(v);
            }
            """));
        var d = Single(run, "KG0001");
        Assert.Equal("Bad", SpanText(run, d));
        Assert.Contains("local function", d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Theory]
    [InlineData("[Kernel] public static float Bad(Vec @class) => Sum(@class);", "class", "keyword")]
    [InlineData("[Kernel] public static float Bad(Vec x, Vec xRef) => Dot(x, xRef);", "xRef", "derives from 'x'")]
    [InlineData("[Kernel] public static float Bad(Vec x, Mat w, Vec wRow) => Sum(w * x) + Sum(wRow);", "wRow", "derives from 'w'")]
    [InlineData("[Kernel] public static float Bad(Vec x, Mat w, Vec wProducts) => Sum(w * x) + Sum(wProducts);", "wProducts", "the product 'w * x' in a batch")]
    [InlineData("[Kernel] public static float Bad(Vec x, Mat w, Vec dwFactor) => Sum(w * x) + Sum(dwFactor);", "dwFactor", "gradient 'dw' in a batch")]
    public void KG0013_ReservedName_DerivedAndKeywordNames(string kernel, string parameter, string reason)
    {
        var run = GeneratorHarness.Run(Source(kernel));
        var d = Single(run, "KG0013");
        Assert.Equal(parameter, SpanText(run, d).TrimStart('@'));
        Assert.Contains(reason, d.GetMessage());
        AssertOnlyGoodGenerated(run);
    }

    [Fact]
    public void KG9999_HasNoKnownKernelSourceThatTriggersIt_DescriptorExistsWithHelpLink()
    {
        var descriptor = Descriptors().Single(d => d.Id == "KG9999");

        Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.EndsWith("docs/diagnostics/KG9999.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Contains("{0}", descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDescriptor_HasADocsPage_AnIndexRow_AndAReleaseRow()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", "README.md"));
        var releaseRows = File.ReadAllLines(Path.Combine(root, "generator", "AnalyzerReleases.Unshipped.md"))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .Where(c => c.Length == 4)
            .ToDictionary(c => c[0], c => c);

        var descriptors = Descriptors();
        Assert.NotEmpty(descriptors);
        foreach (var descriptor in descriptors)
        {
            string id = descriptor.Id;
            string page = Path.Combine(root, "docs", "diagnostics", id + ".md");
            Assert.True(File.Exists(page), $"{id}: no docs page at {page}");
            Assert.Equal($"# {id}: {descriptor.Title}", File.ReadLines(page).First());
            Assert.EndsWith($"docs/diagnostics/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.Contains($"[{id}]({id}.md)", readme, StringComparison.Ordinal);

            Assert.True(releaseRows.TryGetValue(id, out var row), $"{id}: no row in AnalyzerReleases.Unshipped.md");
            Assert.Equal(descriptor.Category, row![1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
        }
    }

    /// <summary>
    /// The "Fixed" snippets of the docs pages, all in one class (one run keeps this fast): they report
    /// nothing and generate their kernels.
    /// </summary>
    [Fact]
    public void DocsPages_FixedExamples_Generate()
    {
        var run = GeneratorHarness.Run(Source("""
            [Kernel] public static float Mse(Vec p, Vec t) => Mean(Square(p - t));
            [Kernel] public static float Score(Vec x) => Sum(x);
            [Kernel] public static float Total(Vec x) => Sum(x);
            [Kernel] public static Vec Relu(Vec v) => Max(v, 0f);
            [Kernel] public static float Loss(Vec x) => Sum(Relu(x));
            [Kernel(Sizes = "a=4, b=4")] public static Vec Add(Vec a, Vec b) => a + b;
            [Kernel] public static float Quantized(Vec x) => Sum(StopGradient(Floor(x)) * x);
            [Kernel(Sizes = "x=784, w=10x784")] public static Vec Logits(Vec x, Mat w) => w * x;
            [Kernel] public static float Pong(Vec x) => Sum(x);
            [Kernel] public static float Ping(Vec x) => Pong(x);
            [Kernel] public static float MeanOf(Vec x) => Mean(x);
            [Kernel] public static float Next(Vec x, int next) => x[next];
            [Kernel] public static float Project(Vec x, Mat w) => Sum(w * x);
            [Kernel(Sizes = "w=10x784")] public static float Penalty(Vec x, Mat w) => Sum(x);
            [Kernel] public static float Pair(Vec x, Vec delta) => Dot(x, delta);
            """,
            "public static partial class Outer { public static partial class Inner { [Kernel] public static float Sum1(Vec x) => Sum(x); } }"));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(Errors(run.Input));
        var expected = new[] { "Mse", "Score", "Total", "Relu", "Loss", "Add", "Quantized", "Logits", "Pong", "Ping", "MeanOf", "Next", "Project", "Penalty", "Pair" }
            .Select(k => $"Demo.Kernels.{k}.g.cs")
            .Append(GoodHint)
            .Append("Demo.Outer+Inner.Sum1.g.cs");
        Assert.Equal(expected.OrderBy(k => k, StringComparer.Ordinal), run.GeneratedFiles.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    // ---- Helpers, shared with the fuzz tests. ----

    /// <summary>Asserts the generator reported exactly <paramref name="ids"/> (in any order), each well formed.</summary>
    internal static IReadOnlyList<Diagnostic> Reported(KernelGeneratorRun run, params string[] ids)
    {
        var actual = run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal).ToArray();
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal).ToArray(), actual);
        foreach (var d in run.GeneratorDiagnostics) AssertWellFormed(d);
        return run.GeneratorDiagnostics;
    }

    internal static Diagnostic Single(KernelGeneratorRun run, string id) => Reported(run, id)[0];

    /// <summary>An error, with the help link of its docs page, at a real place in the input.</summary>
    internal static void AssertWellFormed(Diagnostic d)
    {
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.EndsWith($"docs/diagnostics/{d.Id}.md", d.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.NotEqual(Location.None, d.Location);
        Assert.True(d.Location.SourceSpan.Length > 0, $"{d.Id} has an empty span: {d}");
    }

    /// <summary>
    /// The source text a diagnostic points at. The generator keeps spans as plain numbers (so its models
    /// stay cacheable) and reports them as file locations, without a <see cref="SyntaxTree"/>; the tree is
    /// found again by its path.
    /// </summary>
    internal static string SpanText(KernelGeneratorRun run, Diagnostic d)
    {
        var tree = d.Location.SourceTree
            ?? run.Input.SyntaxTrees.Single(t => t.FilePath == d.Location.GetLineSpan().Path);
        var span = d.Location.SourceSpan;
        return tree.ToString().Substring(span.Start, span.Length);
    }

    internal static IReadOnlyList<Diagnostic> Errors(Compilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>
    /// The bad kernel generated nothing and the good one still did; the input is valid C#, so the KG
    /// diagnostic is the only problem. (That Good's code compiles is checked once, with the fixed examples.)
    /// </summary>
    private static void AssertOnlyGoodGenerated(KernelGeneratorRun run)
    {
        Assert.Equal(new[] { GoodHint }, run.GeneratedFiles.Keys.ToArray());
        Assert.Empty(Errors(run.Input));
    }

    /// <summary>DiagnosticDescriptors.All, read by reflection: the type is internal to the generator.</summary>
    internal static IReadOnlyList<DiagnosticDescriptor> Descriptors()
    {
        var type = typeof(KernelGen.Generator.KernelGenerator).Assembly.GetType("KernelGen.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!;
        var all = type.GetProperty("All", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        return (IReadOnlyList<DiagnosticDescriptor>)all.GetValue(null)!;
    }

    /// <summary>
    /// The repository root: the first folder above the test binaries with KernelGen.sln or .git, or with
    /// both generator/ and runtime/. Falls back to the folders above this source file, for builds whose
    /// output lies outside the repository.
    /// </summary>
    internal static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(thisFile) ?? "" })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KernelGen.sln")) || Directory.Exists(Path.Combine(dir.FullName, ".git"))
                    || (Directory.Exists(Path.Combine(dir.FullName, "generator")) && Directory.Exists(Path.Combine(dir.FullName, "runtime"))))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
