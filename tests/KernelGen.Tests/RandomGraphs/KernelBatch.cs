using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using KernelGen.Testing;
using KernelGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>What one call of a generated kernel's Forward and ForwardBackward returned.</summary>
public sealed record KernelOutputs(float[] Forward, float[] Backward, float[] Dx, float[] Dy, float Ds);

/// <summary>
/// The graphs of a batch compiled in one compilation with the real generator (kernel i named K{i}), emitted and
/// loaded, with what went wrong on the way recorded in a <see cref="GraphReport"/>.
/// </summary>
public sealed class KernelBatch
{
    private delegate float ScalarForward(float[] x, float[] y, float s);
    private delegate float ScalarBackward(float[] x, float[] y, float s, float[] dx, float[] dy, float[] ds);
    private delegate void VectorForward(float[] x, float[] y, float s, float[] result);
    private delegate void VectorBackward(float[] x, float[] y, float s, float[] dResult, float[] result, float[] dx, float[] dy, float[] ds);

    /// <summary>Line of the first kernel in the kernel source; kernel i is on line <c>FirstKernelLine + i</c> (0-based).</summary>
    private const int FirstKernelLine = 6;

    private readonly Type? _calls;

    private KernelBatch(Type? calls, List<int> live, Dictionary<int, string> broken)
    {
        _calls = calls;
        Live = live;
        Broken = broken;
    }

    /// <summary>The kernels that were compiled and loaded (all of them if the emit failed as a whole: none).</summary>
    public List<int> Live { get; }

    /// <summary>Kernels with a problem (diagnostics, compile errors), with the reason; a kernel with only a compiler warning is still live.</summary>
    public Dictionary<int, string> Broken { get; }

    public bool Loaded => _calls is not null;

    /// <summary>
    /// Compiles <paramref name="graphs"/> into namespace RandomGraphs.<paramref name="name"/>. <paramref name="bodies"/>
    /// optionally gives the kernel bodies' source text verbatim (default: the rendered expressions). Kernels the
    /// stability warning KG0016 is raised on go into <see cref="GraphReport.Warned"/> and are not loaded, unless
    /// <paramref name="loadWarned"/> (to run them on purpose).
    /// </summary>
    public static KernelBatch Compile(IReadOnlyList<RandomExpression> graphs, string name, GraphReport report,
        IReadOnlyList<string>? bodies = null, bool loadWarned = false)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string ns = "RandomGraphs." + name;
        var all = Enumerable.Range(0, graphs.Count).ToList();
        string Source(int g) => bodies?[g] ?? graphs[g].ToBodySource();

        // 1. The generator, once, on all kernels of the batch.
        var phase = System.Diagnostics.Stopwatch.StartNew();
        var run = RunGenerator(KernelSource(graphs, all, ns, bodies));
        report.GeneratorTime = phase.Elapsed;
        var broken = new Dictionary<int, string>();
        var excluded = new HashSet<int>();
        foreach (var d in run.GeneratorDiagnostics)
        {
            int g = Blame(d, all, graphs.Count);
            // Category (a): the range analysis warns that the graph can overflow where its exact value is finite.
            // Such a graph is not compared (it may well give Inf or NaN); the report counts and lists them.
            if (g >= 0 && d.Id == "KG0016")
            {
                report.Warned.TryAdd(g, d.GetMessage(CultureInfo.InvariantCulture));
                if (!loadWarned) excluded.Add(g);
            }
            else if (g >= 0) broken.TryAdd(g, "generator diagnostic: " + d);
            else report.BatchProblems.Add("generator diagnostic not attributable to a kernel: " + d);
        }
        var generatedTrees = new Dictionary<int, SyntaxTree>();
        foreach (var tree in run.Output.SyntaxTrees)
        {
            int g = KernelOfGeneratedFile(tree.FilePath);
            if (g >= 0) generatedTrees[g] = tree;
        }
        foreach (int g in all)
            if (!generatedTrees.ContainsKey(g) && !broken.ContainsKey(g))
                broken[g] = "the generator produced no code and no diagnostic for it";
        var live = all.Where(g => generatedTrees.ContainsKey(g) && !broken.ContainsKey(g) && !excluded.Contains(g)).ToList();

        // 2. The generated code plus array wrappers for the kernels it produced, compiled and emitted. Warnings and
        // errors are blamed on their kernel; a kernel whose code does not compile is dropped and the rest emitted again.
        Assembly? assembly = null;
        var compilation = run.Output;
        for (int attempt = 0; attempt < 4 && live.Count > 0; attempt++)
        {
            var callsTree = CSharpSyntaxTree.ParseText(CallsSource(graphs, live, ns), GeneratorHarness.ParseOptions, path: "Calls.cs");
            var withCalls = compilation.AddSyntaxTrees(callsTree);
            phase.Restart();
            using var stream = new System.IO.MemoryStream();
            var emitted = withCalls.Emit(stream);
            report.EmitTime += phase.Elapsed;
            var dropped = new List<int>();
            foreach (var d in emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
            {
                int g = Blame(d, live, graphs.Count);
                if (g < 0)
                {
                    report.BatchProblems.Add("compiler diagnostic not attributable to a kernel: " + d);
                    continue;
                }
                broken.TryAdd(g, "generated code does not compile cleanly: " + d);
                if (d.Severity == DiagnosticSeverity.Error) dropped.Add(g);
            }
            if (emitted.Success)
            {
                stream.Position = 0;
                var context = new System.Runtime.Loader.AssemblyLoadContext("random-graphs-" + Guid.NewGuid(), isCollectible: true);
                assembly = context.LoadFromStream(stream);
                break;
            }
            if (dropped.Count == 0)
            {
                report.BatchProblems.Add("emit failed without an error attributable to a kernel");
                break;
            }
            foreach (int g in dropped.Distinct())
            {
                live.Remove(g);
                compilation = compilation.RemoveSyntaxTrees(generatedTrees[g]);
            }
        }
        foreach (var (g, reason) in broken.OrderBy(b => b.Key))
            report.BrokenKernels.Add((g, Source(g), reason));
        report.CompileTime = watch.Elapsed;
        var calls = assembly?.GetType(ns + ".Calls", throwOnError: true);
        return new KernelBatch(calls, calls is null ? new List<int>() : live, broken);
    }

    /// <summary>The KG0016 warnings the generator raises on <paramref name="graphs"/>, by kernel (the generator only: nothing is compiled).</summary>
    public static Dictionary<int, string> Warnings(IReadOnlyList<RandomExpression> graphs, string name)
    {
        var all = Enumerable.Range(0, graphs.Count).ToList();
        var run = RunGenerator(KernelSource(graphs, all, "RandomGraphs." + name, null));
        var warned = new Dictionary<int, string>();
        foreach (var d in run.GeneratorDiagnostics.Where(d => d.Id == "KG0016"))
        {
            int g = Blame(d, all, graphs.Count);
            if (g >= 0) warned.TryAdd(g, d.GetMessage(CultureInfo.InvariantCulture));
        }
        return warned;
    }

    /// <summary>
    /// Runs kernel <paramref name="g"/>'s Forward and ForwardBackward (seeded with <paramref name="dResult"/> for a
    /// vector kernel). Outputs start as NaN so an output it forgets to write shows up.
    /// </summary>
    public KernelOutputs Run(int g, bool isVector, float[] x, float[] y, float s, float[]? dResult)
    {
        var forward = _calls!.GetMethod("F" + g)!;
        var backward = _calls.GetMethod("B" + g)!;
        int n = x.Length;
        float[] forwardResult, backwardResult;
        var dx = Filled(n, float.NaN);
        var dy = Filled(n, float.NaN);
        var ds = Filled(1, float.NaN);
        if (isVector)
        {
            forwardResult = Filled(n, float.NaN);
            backwardResult = Filled(n, float.NaN);
            forward.CreateDelegate<VectorForward>()(x, y, s, forwardResult);
            backward.CreateDelegate<VectorBackward>()(x, y, s, dResult!, backwardResult, dx, dy, ds);
        }
        else
        {
            forwardResult = new[] { forward.CreateDelegate<ScalarForward>()(x, y, s) };
            backwardResult = new[] { backward.CreateDelegate<ScalarBackward>()(x, y, s, dx, dy, ds) };
        }
        return new KernelOutputs(forwardResult, backwardResult, dx, dy, ds[0]);
    }

    private static float[] Filled(int n, float value)
    {
        var a = new float[n];
        Array.Fill(a, value);
        return a;
    }

    /// <summary>
    /// Runs the generator on a thread with a 1 GiB stack. The rewrite engine recurses once per rule firing and
    /// stops a rule set that cycles after 100,000 firings (reporting KG9999); on a default 1 MiB stack a cycle
    /// overflows the stack first, which would take down the whole test process instead of failing one kernel.
    /// </summary>
    private static KernelGeneratorRun RunGenerator(params string[] sources)
    {
        KernelGeneratorRun? run = null;
        Exception? error = null;
        var thread = new System.Threading.Thread(() =>
        {
            try { run = GeneratorHarness.Run(sources); }
            catch (Exception ex) { error = ex; }
        }, maxStackSize: 1 << 30);
        thread.Start();
        thread.Join();
        if (error is not null) throw new InvalidOperationException("The generator failed.", error);
        return run!;
    }

    /// <summary>The kernel a diagnostic is about: by its generated file, or by its line in the kernel or wrapper source (one kernel per line).</summary>
    private static int Blame(Diagnostic d, List<int> live, int total)
    {
        // Generator diagnostics carry external locations (a path, no syntax tree), so go by the mapped path.
        var span = d.Location.GetLineSpan();
        var path = span.Path ?? d.Location.SourceTree?.FilePath ?? "";
        int graph = KernelOfGeneratedFile(path);
        if (graph < 0 && (path.EndsWith("Source0.cs", StringComparison.Ordinal) || path.EndsWith("Calls.cs", StringComparison.Ordinal)))
        {
            int index = span.StartLinePosition.Line - FirstKernelLine;
            if (index >= 0 && index < live.Count) graph = live[index];
        }
        return graph >= 0 && graph < total ? graph : -1;
    }

    private static int KernelOfGeneratedFile(string path)
    {
        var match = System.Text.RegularExpressions.Regex.Match(path, @"\.G\.K(\d+)\.g\.cs$");
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    /// <summary>The kernel class: kernel i of <paramref name="live"/> on line FirstKernelLine + i (0-based).</summary>
    private static string KernelSource(IReadOnlyList<RandomExpression> graphs, List<int> live, string ns, IReadOnlyList<string>? bodies)
    {
        var k = new StringBuilder();
        k.Append("using KernelGen;\n");
        k.Append("using static KernelGen.Ops;\n");
        k.Append($"namespace {ns};\n");
        k.Append("\n");
        k.Append("public static partial class G\n");
        k.Append("{\n");
        foreach (int g in live)
        {
            var e = graphs[g];
            k.Append($"    [Kernel] public static {(e.IsVector ? "Vec" : "float")} K{g}(Vec x, Vec y, float s) => {bodies?[g] ?? e.ToBodySource()};\n");
        }
        k.Append("}\n");
        return k.ToString();
    }

    /// <summary>Array entry points for the generated span APIs (reflection cannot pass spans); kernel i of <paramref name="live"/> on line FirstKernelLine + i.</summary>
    private static string CallsSource(IReadOnlyList<RandomExpression> graphs, List<int> live, string ns)
    {
        var c = new StringBuilder();
        c.Append("using System;\n");
        c.Append("using KernelGen;\n");
        c.Append($"namespace {ns};\n");
        c.Append("\n");
        c.Append("public static class Calls\n");
        c.Append("{\n");
        foreach (int g in live)
        {
            if (graphs[g].IsVector)
                c.Append($"    public static void F{g}(float[] x, float[] y, float s, float[] result) => G.K{g}Kernel.Forward(x, y, s, result); " +
                         $"public static void B{g}(float[] x, float[] y, float s, float[] dResult, float[] result, float[] dx, float[] dy, float[] ds) => G.K{g}Kernel.ForwardBackward(x, y, s, dResult, result, dx, dy, out ds[0]);\n");
            else
                c.Append($"    public static float F{g}(float[] x, float[] y, float s) => G.K{g}Kernel.Forward(x, y, s); " +
                         $"public static float B{g}(float[] x, float[] y, float s, float[] dx, float[] dy, float[] ds) => G.K{g}Kernel.ForwardBackward(x, y, s, dx, dy, out ds[0]);\n");
        }
        c.Append("}\n");
        return c.ToString();
    }
}
