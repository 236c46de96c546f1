using System.Globalization;
using System.Linq;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>
/// The stability promise of the range analysis, as a property of the whole compiler: every unrestricted random
/// graph (<see cref="UnrestrictedGenerators"/>), on adversarial inputs (<see cref="AdversarialInputs"/>), either
/// (a) raises warning KG0016 at compile time, or (b) is finite and within the float64 oracle's tolerance on every
/// input case where the oracle's own value and gradient are finite and in float's range (see
/// <see cref="AdversarialChecker"/>). A graph in neither category is a compiler bug.
/// </summary>
public sealed class AdversarialGraphTests
{
    private const int BatchSize = 105;
    public const int Batches = 10;
    private const int MaxDepth = 5;

    private static readonly GraphReport s_totals = new();
    private static int s_graphs, s_brokenAndWarned, s_batchesRun;

    private readonly ITestOutputHelper _output;

    public AdversarialGraphTests(ITestOutputHelper output) => _output = output;

    /// <summary>The sampled graphs of one batch (deterministic: fixed seed per batch).</summary>
    public static RandomExpression[] SampleBatch(int batch)
        => Gen.Sample(UnrestrictedGenerators.Kernel(), numberOfSamples: BatchSize, seed: new FsCheck.Rnd(0xAD7E0000UL + (ulong)batch * 7919UL), size: MaxDepth);

    [Fact]
    public void TheBatchesHoldAtLeastAThousandGraphs()
        => Assert.True(Enumerable.Range(0, Batches).Sum(b => SampleBatch(b).Length) >= 1000);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void UnrestrictedGraphsAreWarnedOrFiniteAndAccurate(int batch)
    {
        var graphs = SampleBatch(batch);
        var report = AdversarialChecker.Check(graphs, "Adversarial" + batch, 1000 + batch);
        int brokenAndWarned = report.BrokenKernels.Count(b => report.Warned.ContainsKey(b.Graph));
        _output.WriteLine(Counts(graphs.Length, report, brokenAndWarned) + "\n" + report.Summary());
        lock (s_totals)
        {
            RandomGraphChecker.Merge(s_totals, report);
            s_graphs += graphs.Length;
            s_brokenAndWarned += brokenAndWarned;
            s_batchesRun++;
            _output.WriteLine($"\nAll {s_batchesRun} batches run in this process so far:\n" + Counts(s_graphs, s_totals, s_brokenAndWarned) + "\n" + s_totals.Summary());
        }
        Assert.True(report.Failures.Count == 0 && report.BrokenKernels.Count == 0 && report.BatchProblems.Count == 0, report.FailureMessage());
        Assert.Equal(graphs.Length, report.Warned.Count + report.PassingGraphs);
    }

    /// <summary>
    /// Kernels minimized from the failures of the batches above, one compiler defect each (open), with an input on
    /// which they fail: each must be warned about (KG0016), or compile cleanly and be finite and within the oracle's
    /// tolerance there. Bodies are compiled verbatim.
    /// </summary>
    [Theory]
    // KG9999 "rewrite rules did not terminate (rule group-scalar-shifts kept rewriting its own output)": a row shifted
    // by a scalar that is not a constant, then scaled by s.
    [InlineData("Softmax((y - s) * s)", "0,0", "1,0", 1f)]
    [InlineData("LogSumExp((y - Mean(x)) / s)", "0,0", "1,0", 1f)]
    // CS0128 in the generated code, "a local variable named 'maxB0' is already defined in this scope".
    [InlineData("Sum(Exp(y - Max(y))) + LogSumExp(y)", "1,0", "0,0", 1f)]
    // dy[0] is NaN instead of 0, unwarned: the gradient of the element a min (max) does not pick is 0 * exp(100) =
    // 0 * inf. The gradient hazard is excused as an honest overflow of the value, which a min of exps never is
    // while one element is finite.
    [InlineData("Min(Exp(y))", "0,0", "100,0", 1f)]
    [InlineData("Max(-Exp(y))", "0,0", "100,0", 1f)]
    // +inf instead of 2.24e38, unwarned: exp(89) overflows, and the mean (or the factor 0.5) brings the exact value
    // back into float's range.
    [InlineData("Mean(Exp(x))", "89,0", "0,0", 1f)]
    [InlineData("Exp(x) * 0.5f", "89", "0", 1f)]
    // +inf instead of 2.7e38, unwarned: no exp overflows, but the sum inside the mean does.
    [InlineData("Mean(Exp(x))", "88.5,88.5", "0,0", 1f)]
    // +inf instead of 91 and NaN instead of e, unwarned: the exp of a constant above 88.7 overflows (folded to +inf)
    // without a warning, although the exact result is moderate.
    [InlineData("s + Log(Exp(90f))", "0", "0", 1f)]
    [InlineData("s * Exp(90f) / Exp(89f)", "0", "0", 1f)]
    public void MinimizedKernelsAreWarnedOrFiniteAndAccurate(string body, string x, string y, float s)
    {
        var e = RandomExpression.Parse(body);
        var input = Input(e, x, y, s);
        var report = AdversarialChecker.Check(new[] { e }, "Minimized", 0, _ => new[] { input }, new[] { body });
        _output.WriteLine(report.Summary());
        Assert.True(report.Failures.Count == 0 && report.BrokenKernels.Count == 0 && report.BatchProblems.Count == 0, report.FailureMessage());
        Assert.Equal(1, report.Warned.Count + report.PassingGraphs);
    }

    /// <summary>
    /// A kernel may give Inf or NaN where it is warned about, but it must return. Found on warned graphs by
    /// <see cref="WarningWitnessTests"/>: ArithmeticException from Math.Sign(NaN) in the gradient of Abs, where
    /// exp(100) * 0 is NaN.
    /// </summary>
    [Theory]
    [InlineData("Sum(Abs(Exp(x) * y))", "100,1", "0,1", 1f)]
    public void WarnedKernelsReturnRatherThanThrow(string body, string x, string y, float s)
    {
        var e = RandomExpression.Parse(body);
        var input = Input(e, x, y, s);
        var report = new GraphReport();
        var batch = KernelBatch.Compile(new[] { e }, "Throwing", report, new[] { body }, loadWarned: true);
        Assert.True(batch.Live.Count == 1, report.FailureMessage());
        var thrown = Record.Exception(() => batch.Run(0, e.IsVector, input.X, input.Y, input.S, input.W));
        Assert.Null(thrown);
    }

    private static InputCase Input(RandomExpression e, string x, string y, float s)
    {
        static float[] Parse(string values) => values.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var xs = Parse(x);
        return new InputCase(InputKind.Mixed, xs, Parse(y), s, e.IsVector ? Enumerable.Repeat(1f, xs.Length).ToArray() : null);
    }

    /// <summary>The counts the promise is about; a kernel can be both warned and broken (its generated code does not compile).</summary>
    private static string Counts(int graphs, GraphReport report, int brokenAndWarned)
    {
        int failing = report.Failures.Select(f => (f.Graph, f.Source)).Distinct().Count();
        int neither = graphs - report.Warned.Count - report.PassingGraphs;
        return string.Create(CultureInfo.InvariantCulture,
            $"graphs: {graphs}; (a) warned (KG0016): {report.Warned.Count}; (b) finite and within tolerance on every input in domain: {report.PassingGraphs}; " +
            $"neither: {neither} ({failing} with mismatches, {report.BrokenKernels.Count - brokenAndWarned} broken); warned but broken: {brokenAndWarned}; " +
            $"input cases run: {report.Cases}, skipped as out of domain: {report.SkippedInputs}");
    }
}
