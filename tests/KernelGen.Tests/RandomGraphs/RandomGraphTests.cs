using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>
/// Property test of the whole compiler: random expression graphs go through the real generator in-process, are
/// compiled and loaded, and their forward values and gradients are compared with an independent float64 oracle
/// (<see cref="Oracle"/>, gradients by central finite differences of it).
/// </summary>
/// <remarks>
/// <para><b>Forward tolerance.</b> |float - oracle| &lt;= 4 e + 1e-6 |oracle| + 1e-30, where e is the oracle's running
/// error bound: the first-order bound on what a float32 evaluation of the same formula may lose (u |result| per
/// operation, input errors propagated through each operation's derivative, (n/16 + 12) u sum|terms| per sum; see
/// <see cref="Oracle"/>). It scales with the largest intermediates exactly where they matter: a sum of terms of size
/// M that cancels to O(1) gets about M u n of room, a well-conditioned result a few ulps. Being a worst case, the
/// factor 4 only has to absorb the generator's legitimate reorderings (max shifts, scalars pulled out of sums, merged
/// shifts). A wrong operation, a dropped term or a wrong constant is off by O(|value|): thousands of tolerances.</para>
/// <para><b>Gradient tolerance.</b> Every component of dx, dy and ds is compared with the central difference
/// (f(v + h) - f(v - h)) / 2h of the double oracle (f is the value, or &lt;dResult, result&gt; for a vector kernel),
/// h = 1e-6 max(1, |v|), with StopGradient values held: |float - difference| &lt;= 4 e' + 2 d + 1e-6 |difference| + 1e-7 G,
/// G the largest component of the gradient (about u G is where a component is rounding noise of the others).
/// e' is the same kind of running bound for the gradient: the oracle also runs reverse accumulation over the
/// operations it evaluated, and bounds each adjoint contribution adj * J by |J| e(adj) + |adj| e(J) + u |adj J|
/// (e(J) from the forward error of the values J is made of) and each accumulation by the rounding of a sum. So
/// gradients that are sums of large cancelling terms (a softmax's gradient with respect to a shift, which is
/// exactly zero) get room for float's rounding of those terms, and ordinary ones a few ulps of their size.
/// d = |difference - reverse accumulation| is the central difference's own error (truncation and double roundoff);
/// the two double gradients must agree to 1e-5 of the gradient's scale plus the difference's expected roundoff,
/// or the batch fails as an oracle self-check. A wrong adjoint rule, a missing accumulation or a broadcast
/// gradient that is not summed is off by O(|gradient|). The summary counts the comparisons whose tolerance is
/// above 1% of the value (of the gradient's scale): that is where float itself is that inaccurate (large shifts,
/// cancellation), and where a bug of that size would go unseen.</para>
/// <para>Min, Max, Abs and reductions are piecewise: components whose finite difference crosses a kink (the oracle's
/// branch signature changes) are skipped, and so is the gradient of an input case where float rounding could
/// choose the other branch (the two sides closer than their error bounds). Both are counted in the report.</para>
/// </remarks>
public sealed class RandomGraphTests
{
    private const int BatchSize = 105;
    private const int MaxDepth = 5;

    private static readonly GraphReport s_totals = new();
    private static int s_batchesRun;

    private readonly ITestOutputHelper _output;

    public RandomGraphTests(ITestOutputHelper output) => _output = output;

    /// <summary>The sampled graphs of one batch (deterministic: fixed seed per batch).</summary>
    public static RandomExpression[] SampleBatch(int batch)
        => Gen.Sample(ExpressionGenerators.Kernel(), numberOfSamples: BatchSize, seed: new FsCheck.Rnd(0x5EED0000UL + (ulong)batch * 7919UL), size: MaxDepth);

    /// <summary>
    /// Kernels minimized from failures of the random batches, one generator defect each (all fixed since, in
    /// 5267f93 and the commits before it), kept so a regression shows up as a one-line kernel. Bodies are compiled
    /// verbatim.
    /// </summary>
    [Theory]
    // Was KG9999 "rewrite rules did not terminate": softmax-max-shift built (v - a) - max, group-scalar-shifts turned
    // it into v - (a + max), no longer recognized as shifted, so the shift was applied again, forever. The engine
    // recursed once per firing: on a default 1 MiB stack, a StackOverflow that killed the compiler.
    [InlineData("Softmax(x - s)")]
    [InlineData("LogSumExp(y - 2f)")]
    // Was KG0001 "its body could not be analyzed": SemanticModel.GetOperation returns null for a parenthesized body.
    [InlineData("(y + s)")]
    // ds was -1 instead of -n: the adjoint of x - s is a scalar (the broadcast 1 from Sum), and the scalar operand
    // received it without the sum over the n elements it was broadcast to.
    [InlineData("Sum(x - s)")]
    // Same cause: dx was 1/n - p/n instead of 1/n - p (the log-sum-exp subtracted from every element got 1/n, not 1).
    [InlineData("Mean(LogSoftmax(x))")]
    // Was warning CS1718 "comparison made to same variable" in the generated code (an error under TreatWarningsAsErrors).
    [InlineData("Max(s, s) + Sum(x)")]
    [InlineData("Min(Exp(x), Exp(x))")]
    // Was Infinity: the scalar tail of the online log-sum-exp wrote Exp(max - y[i] + 75f) for Exp(max - (y[i] + 75f)).
    [InlineData("Log(Sum(Exp(StopGradient(y + 75f))))")]
    // ds was n instead of 1: the value is s + 10 whatever x is, but reduce-max gave the full gradient to every
    // element tied at the max, and Max(x, s + 10f) ties all of them.
    [InlineData("Max(Max(x, s + 10f))")]
    public void MinimizedKernelsMatchTheFloat64Oracle(string body)
    {
        var report = RandomGraphChecker.Check(new[] { RandomExpression.Parse(body) }, "Minimized", 1, new[] { body });
        _output.WriteLine(report.Summary());
        Assert.True(report.Failures.Count == 0 && report.BrokenKernels.Count == 0 && report.BatchProblems.Count == 0, report.FailureMessage());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomGraphsMatchTheFloat64Oracle(int batch)
    {
        var graphs = SampleBatch(batch);
        var report = RandomGraphChecker.Check(graphs, "Batch" + batch, batch);
        _output.WriteLine(report.Summary());
        lock (s_totals)
        {
            RandomGraphChecker.Merge(s_totals, report);
            s_batchesRun++;
            _output.WriteLine($"\nAll {s_batchesRun} batches run in this process so far:\n" + s_totals.Summary());
        }
        Assert.True(report.Failures.Count == 0 && report.BrokenKernels.Count == 0 && report.BatchProblems.Count == 0, report.FailureMessage());
    }
}

/// <summary>Central-difference gradient of the oracle, with which components are valid (no branch crossed).</summary>
public sealed record NumericGradient(double[] Dx, bool[] DxValid, double[] Dy, bool[] DyValid, double Ds, bool DsValid);

/// <summary>One mismatch between a generated kernel and the oracle.</summary>
public sealed record GraphFailure(int Graph, string Source, int Length, string What, int Element, double Expected, double Actual, double Tolerance)
{
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture,
            $"K{Graph} (length {Length}) {What}[{Element}]: expected {Expected:R}, got {Actual:R}, |error| {System.Math.Abs(Actual - Expected):G3} > tolerance {Tolerance:G3}\n    => {Source}");
}

/// <summary>What a batch found.</summary>
public sealed class GraphReport
{
    public List<GraphFailure> Failures { get; } = new();
    /// <summary>Kernels that failed as a whole (diagnostics, compile errors, exceptions), with the reason.</summary>
    public List<(int Graph, string Source, string Reason)> BrokenKernels { get; } = new();
    /// <summary>Input cases where the oracle itself is not finite: the expression is outside the test's domain (a test bug).</summary>
    public List<string> OutOfDomain { get; } = new();
    /// <summary>Problems of a whole batch that no single kernel explains.</summary>
    public List<string> BatchProblems { get; } = new();
    /// <summary>Graphs the stability warning KG0016 was raised on, with its message: not compared.</summary>
    public Dictionary<int, string> Warned { get; } = new();
    public int Graphs;
    /// <summary>Kernels with every comparison within tolerance.</summary>
    public int PassingGraphs;
    public int Cases;
    public int ForwardComparisons;
    public int GradientComponents;
    /// <summary>Comparisons whose tolerance exceeds 1% of the value (or of the gradient's scale), plus 1e-6: where the error bounds are loose.</summary>
    public int LooseForward, LooseGradient;
    public int KinkSkippedComponents;
    public int FragileCases;
    /// <summary>Adversarial input cases out of domain (the oracle's value or gradient is not finite or beyond float's range): skipped, only counted.</summary>
    public int SkippedInputs;
    public double MaxForwardError, MaxForwardRelative, MaxForwardRatio;
    public double MaxGradientError, MaxGradientRelative, MaxGradientRatio;
    public string MaxForwardWhere = "", MaxGradientWhere = "", MaxGradientRelativeWhere = "";
    /// <summary>Largest distance between the oracle's central difference and reverse accumulation, in units of what is allowed.</summary>
    public double MaxOracleDisagreement;
    public string MaxOracleDisagreementWhere = "";
    public TimeSpan CompileTime, CheckTime, GeneratorTime, EmitTime;

    public string Summary()
        => string.Create(CultureInfo.InvariantCulture,
            $"graphs checked: {Graphs} ({Cases} input cases, {GradientComponents} gradient components; {KinkSkippedComponents} components skipped at kinks, {FragileCases} cases with rounding-ambiguous branches had their gradients skipped)\n" +
            $"loose comparisons (tolerance above 1% of the value + 1e-6): {LooseForward} of {2 * ForwardComparisons} forward, {LooseGradient} of {GradientComponents} gradient\n" +
            $"warned by the range analysis (KG0016, not compared): {Warned.Count}\n" +
            $"passing kernels: {PassingGraphs} of {Graphs}; over them:\n" +
            $"max forward error: {MaxForwardError:G3} absolute, {MaxForwardRelative:G3} relative, {MaxForwardRatio:G3} of the tolerance ({MaxForwardWhere})\n" +
            $"max gradient error: {MaxGradientError:G3} absolute, {MaxGradientRatio:G3} of the tolerance ({MaxGradientWhere})\n" +
            $"max gradient error relative to the gradient's scale: {MaxGradientRelative:G3} ({MaxGradientRelativeWhere})\n" +
            $"oracle self-check (central difference vs reverse accumulation): {MaxOracleDisagreement:G3} of the allowed disagreement ({MaxOracleDisagreementWhere})\n" +
            $"failures: {Failures.Count} mismatches in {Failures.Select(f => f.Source).Distinct().Count()} kernels, {BrokenKernels.Count} kernels broken, {BatchProblems.Count} batch problems; compile {CompileTime.TotalSeconds:F1} s (generator {GeneratorTime.TotalSeconds:F1} s, C# compile and emit {EmitTime.TotalSeconds:F1} s), check {CheckTime.TotalSeconds:F1} s");

    public string FailureMessage()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Summary());
        foreach (var problem in BatchProblems.Take(10))
            sb.AppendLine(problem);
        foreach (var (graph, source, reason) in BrokenKernels.Take(20))
            sb.AppendLine($"K{graph} broken: {reason}\n    => {source}");
        // The worst mismatch of each kernel, worst kernels first.
        foreach (var failure in Failures
                     .GroupBy(f => f.Graph)
                     .Select(g => g.OrderByDescending(f => System.Math.Abs(f.Actual - f.Expected) / f.Tolerance).First())
                     .OrderByDescending(f => System.Math.Abs(f.Actual - f.Expected) / f.Tolerance)
                     .Take(20))
            sb.AppendLine(failure.ToString());
        return sb.ToString();
    }
}

/// <summary>Compiles a set of random graphs with the real generator and checks them against the oracle.</summary>
public static class RandomGraphChecker
{
    private static readonly int[] Lengths = { 1, 3, 8, 13, 37, 100 };

    internal const double ForwardBoundFactor = 4;
    internal const double ForwardRelative = 1e-6;
    internal const double GradientBoundFactor = 4;
    private const double GradientRelative = 1e-6;
    /// <summary>Absolute floor, relative to the gradient's scale: about u, below which a component is rounding noise of its larger neighbours.</summary>
    private const double GradientFloor = 1e-7;
    /// <summary>How closely the central difference and the reverse accumulation of the oracle must agree, relative to the gradient's scale.</summary>
    private const double OracleAgreement = 1e-5;

    /// <summary>
    /// Compiles <paramref name="graphs"/> (kernel i named K{i}) in one compilation with the real generator and
    /// checks each against the oracle on inputs seeded by <paramref name="seed"/> and i. <paramref name="bodies"/>
    /// optionally gives the kernel bodies' source text verbatim (default: the rendered expressions).
    /// </summary>
    public static GraphReport Check(IReadOnlyList<RandomExpression> graphs, string name, int seed, IReadOnlyList<string>? bodies = null)
    {
        var report = new GraphReport();
        string Source(int g) => bodies?[g] ?? graphs[g].ToBodySource();
        var batch = KernelBatch.Compile(graphs, name, report, bodies);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ForEachLive(batch, report, Source, (g, local) => CheckGraph(graphs[g], Source(g), g, batch, seed, local));
        report.CheckTime = watch.Elapsed;
        if (report.OutOfDomain.Count > 0)
            report.BatchProblems.Add($"{report.OutOfDomain.Count} input cases outside the test domain, e.g. {report.OutOfDomain[0]}");
        if (report.MaxOracleDisagreement > 1)
            report.BatchProblems.Add("oracle self-check failed: its central difference and reverse accumulation disagree at " + report.MaxOracleDisagreementWhere);
        return report;
    }

    /// <summary>
    /// Runs <paramref name="check"/> on every loaded kernel of <paramref name="batch"/> in parallel, each into a
    /// report of its own merged into <paramref name="report"/>; a kernel passes when it has no failure and is not
    /// broken, and one that throws is broken.
    /// </summary>
    public static void ForEachLive(KernelBatch batch, GraphReport report, Func<int, string> source, Action<int, GraphReport> check)
    {
        var gate = new object();
        Parallel.ForEach(batch.Live, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, g =>
        {
            var local = new GraphReport();
            try
            {
                check(g, local);
                if (local.Failures.Count == 0 && !batch.Broken.ContainsKey(g)) local.PassingGraphs++;
            }
            catch (Exception ex)
            {
                local.BrokenKernels.Add((g, source(g), "threw " + (ex is TargetInvocationException { InnerException: { } inner } ? inner : ex)));
            }
            lock (gate) Merge(report, local);
        });
    }

    /// <summary>Adds <paramref name="from"/> to <paramref name="into"/> (counts, failures, and the error maxima of passing kernels).</summary>
    public static void Merge(GraphReport into, GraphReport from)
    {
        into.Failures.AddRange(from.Failures);
        into.BrokenKernels.AddRange(from.BrokenKernels);
        foreach (var (g, message) in from.Warned) into.Warned[into.Warned.Count] = message;
        into.Graphs += from.Graphs;
        into.Cases += from.Cases;
        into.ForwardComparisons += from.ForwardComparisons;
        into.GradientComponents += from.GradientComponents;
        into.LooseForward += from.LooseForward;
        into.LooseGradient += from.LooseGradient;
        into.KinkSkippedComponents += from.KinkSkippedComponents;
        into.FragileCases += from.FragileCases;
        into.SkippedInputs += from.SkippedInputs;
        into.PassingGraphs += from.PassingGraphs;
        into.BatchProblems.AddRange(from.BatchProblems);
        into.OutOfDomain.AddRange(from.OutOfDomain);
        into.CompileTime += from.CompileTime;
        into.GeneratorTime += from.GeneratorTime;
        into.EmitTime += from.EmitTime;
        into.CheckTime += from.CheckTime;
        if (from.MaxOracleDisagreement > into.MaxOracleDisagreement) { into.MaxOracleDisagreement = from.MaxOracleDisagreement; into.MaxOracleDisagreementWhere = from.MaxOracleDisagreementWhere; }
        // The error maxima describe the kernels that passed; failing ones are listed as failures.
        if (from.PassingGraphs == 0) return;
        if (from.MaxForwardRatio > into.MaxForwardRatio) { into.MaxForwardRatio = from.MaxForwardRatio; into.MaxForwardWhere = from.MaxForwardWhere; }
        if (from.MaxGradientRatio > into.MaxGradientRatio) { into.MaxGradientRatio = from.MaxGradientRatio; into.MaxGradientWhere = from.MaxGradientWhere; }
        into.MaxForwardError = System.Math.Max(into.MaxForwardError, from.MaxForwardError);
        into.MaxForwardRelative = System.Math.Max(into.MaxForwardRelative, from.MaxForwardRelative);
        into.MaxGradientError = System.Math.Max(into.MaxGradientError, from.MaxGradientError);
        if (from.MaxGradientRelative > into.MaxGradientRelative) { into.MaxGradientRelative = from.MaxGradientRelative; into.MaxGradientRelativeWhere = from.MaxGradientRelativeWhere; }
    }

    private static void CheckGraph(RandomExpression e, string source, int g, KernelBatch batch, int seed, GraphReport report)
    {
        report.Graphs++;
        for (int li = 0; li < Lengths.Length; li++)
        {
            int n = Lengths[li];
            var random = new System.Random(unchecked(seed * 1_000_003 + g * 101 + li));
            var x = RandomArray(random, n, -3, 3);
            var y = RandomArray(random, n, -3, 3);
            float s = (float)((random.NextDouble() * 1.5 + 0.5) * (random.Next(2) == 0 ? -1 : 1));
            var wf = e.IsVector ? RandomArray(random, n, -1, 1) : null;
            var w = wf?.Select(v => (double)v).ToArray();
            report.Cases++;

            var outputs = batch.Run(g, e.IsVector, x, y, s, wf);
            var (forwardResult, backwardResult, dx, dy) = (outputs.Forward, outputs.Backward, outputs.Dx, outputs.Dy);

            // The oracle.
            var xd = x.Select(v => (double)v).ToArray();
            var yd = y.Select(v => (double)v).ToArray();
            var baseRun = Oracle.Evaluate(e, xd, yd, s);
            var expected = baseRun.Result;
            if (!Array.TrueForAll(expected.Values, double.IsFinite))
            {
                // Not the generator's fault: the expression left the domain where the test can judge it.
                report.OutOfDomain.Add($"K{g} (length {n}): the oracle's value is not finite => {source}");
                continue;
            }
            report.ForwardComparisons += expected.Length;
            for (int i = 0; i < expected.Length; i++)
            {
                double tolerance = ForwardBoundFactor * expected.Err(i) + ForwardRelative * System.Math.Abs(expected[i]) + 1e-30;
                CompareForward(report, g, source, n, "Forward value", i, expected[i], forwardResult[i], tolerance);
                CompareForward(report, g, source, n, "ForwardBackward value", i, expected[i], backwardResult[i], tolerance);
            }

            // Gradients, by central differences of the oracle with StopGradient values held fixed. A branch that
            // float may take differently makes the float gradient jump; inside StopGradient it does not matter.
            var heldRun = Oracle.Evaluate(e, xd, yd, s, baseRun.StopGradientValues);
            if (heldRun.FragileDecisions > 0)
            {
                report.FragileCases++;
                continue;
            }
            var numeric = CentralDifferences(e, xd, yd, s, w, baseRun);
            var analytic = heldRun.Backward(w);
            double scale = 0;
            for (int j = 0; j < n; j++)
            {
                if (numeric.DxValid[j]) scale = System.Math.Max(scale, System.Math.Abs(numeric.Dx[j]));
                if (numeric.DyValid[j]) scale = System.Math.Max(scale, System.Math.Abs(numeric.Dy[j]));
            }
            if (numeric.DsValid) scale = System.Math.Max(scale, System.Math.Abs(numeric.Ds));
            // Roundoff of a central difference in double: about 1e-16 of the objective's magnitudes, over 2h.
            double roundoff = 1e-14 * heldRun.MaxMagnitude * (e.IsVector ? n : 1);
            double Noise(double v) => roundoff / (1e-6 * System.Math.Max(1, System.Math.Abs(v)));
            for (int j = 0; j < n; j++)
            {
                CompareGradient(report, g, source, n, "dx", j, numeric.DxValid[j], numeric.Dx[j], analytic.Dx[j], analytic.DxError[j], scale, Noise(xd[j]), dx[j]);
                CompareGradient(report, g, source, n, "dy", j, numeric.DyValid[j], numeric.Dy[j], analytic.Dy[j], analytic.DyError[j], scale, Noise(yd[j]), dy[j]);
            }
            CompareGradient(report, g, source, n, "ds", 0, numeric.DsValid, numeric.Ds, analytic.Ds, analytic.DsError, scale, Noise(s), outputs.Ds);
        }
    }

    /// <summary>
    /// The gradient of the oracle by central differences: of the value for a scalar kernel, of &lt;w, result&gt; for a
    /// vector kernel. StopGradient values stay at those of <paramref name="baseRun"/>. A component is invalid when
    /// its difference crosses a branch (Min, Max, Abs, a reduction's argmax) of the base point.
    /// </summary>
    public static NumericGradient CentralDifferences(RandomExpression e, double[] x, double[] y, double s, double[]? w, OracleRun baseRun)
    {
        int n = x.Length;
        var frozen = baseRun.StopGradientValues;
        // The branches of the base point as the differences see them: StopGradient subtrees are held, so the
        // branches inside them are not taken again and must not count.
        ulong signature = Oracle.Evaluate(e, x, y, s, frozen, record: false).BranchSignature;
        var gx = new double[n];
        var gy = new double[n];
        var okx = new bool[n];
        var oky = new bool[n];
        for (int j = 0; j < n; j++)
        {
            (gx[j], okx[j]) = Difference(e, x, y, s, w, frozen, signature, x, j);
            (gy[j], oky[j]) = Difference(e, x, y, s, w, frozen, signature, y, j);
        }
        var (gs, oks) = Difference(e, x, y, s, w, frozen, signature, new[] { s }, 0);
        return new NumericGradient(gx, okx, gy, oky, gs, oks);
    }

    /// <summary>The differentiated objective: the value itself, or &lt;dResult, result&gt; for a vector result.</summary>
    private static double Objective(OracleValue result, double[]? w)
    {
        if (w is null) return result.Scalar;
        double sum = 0;
        for (int i = 0; i < result.Length; i++) sum += w[i] * result.Values[i];
        return sum;
    }

    /// <summary>Central difference with respect to <paramref name="target"/>[<paramref name="j"/>] (one of x, y or the one-element array of s).</summary>
    private static (double Gradient, bool Valid) Difference(RandomExpression e, double[] x, double[] y, double s, double[]? w,
        IReadOnlyDictionary<RandomExpression, OracleValue> frozen, ulong signature, double[] target, int j)
    {
        double original = target[j];
        double h = 1e-6 * System.Math.Max(1, System.Math.Abs(original));
        target[j] = original + h;
        double up = target[j];
        var plus = Oracle.Evaluate(e, x, y, ReferenceEquals(target, x) || ReferenceEquals(target, y) ? s : target[0], frozen, record: false);
        target[j] = original - h;
        double down = target[j];
        var minus = Oracle.Evaluate(e, x, y, ReferenceEquals(target, x) || ReferenceEquals(target, y) ? s : target[0], frozen, record: false);
        target[j] = original;
        bool valid = plus.BranchSignature == signature && minus.BranchSignature == signature;
        return ((Objective(plus.Result, w) - Objective(minus.Result, w)) / (up - down), valid);
    }

    internal static void CompareForward(GraphReport report, int g, string source, int n, string what, int i, double expected, float actual, double tolerance)
    {
        if (tolerance > 0.01 * System.Math.Abs(expected) + 1e-6) report.LooseForward++;
        double error = System.Math.Abs(actual - expected);
        if (!float.IsFinite(actual)) error = double.PositiveInfinity;
        double ratio = error / tolerance;
        if (ratio > report.MaxForwardRatio || double.IsNaN(ratio))
        {
            report.MaxForwardRatio = double.IsNaN(ratio) ? double.PositiveInfinity : ratio;
            report.MaxForwardWhere = string.Create(CultureInfo.InvariantCulture, $"K{g} length {n} {what}[{i}] = {actual:G9} vs {expected:G9}, tolerance {tolerance:G3}: {source}");
        }
        if (double.IsFinite(error))
        {
            report.MaxForwardError = System.Math.Max(report.MaxForwardError, error);
            report.MaxForwardRelative = System.Math.Max(report.MaxForwardRelative, error / System.Math.Max(System.Math.Abs(expected), 1e-3));
        }
        if (!(error <= tolerance))
            report.Failures.Add(new GraphFailure(g, source, n, what, i, expected, actual, tolerance));
    }

    /// <summary>
    /// Compares one gradient component of the kernel with the central difference <paramref name="numeric"/>. The
    /// oracle's reverse-accumulated gradient <paramref name="analytic"/> supplies the float error bound
    /// <paramref name="bound"/> and, by its distance from the central difference, the difference's own error; the
    /// two double gradients must agree (a self-check of the oracle).
    /// </summary>
    internal static void CompareGradient(GraphReport report, int g, string source, int n, string what, int j,
        bool valid, double numeric, double analytic, double bound, double scale, double differenceNoise, float actual)
    {
        if (!valid)
        {
            report.KinkSkippedComponents++;
            // Still written: a NaN means the kernel never wrote the gradient.
            if (float.IsNaN(actual)) report.Failures.Add(new GraphFailure(g, source, n, what + " (not written)", j, analytic, actual, 0));
            return;
        }
        report.GradientComponents++;
        double disagreement = RecordOracleAgreement(report, g, source, n, what, j, numeric, analytic, scale, differenceNoise);
        double tolerance = GradientBoundFactor * bound + 2 * disagreement + GradientRelative * System.Math.Abs(numeric) + GradientFloor * scale + 1e-30;
        if (tolerance > 0.01 * System.Math.Max(System.Math.Abs(numeric), scale) + 1e-6) report.LooseGradient++;
        double error = System.Math.Abs(actual - numeric);
        if (!float.IsFinite(actual)) error = double.PositiveInfinity;
        double ratio = error / tolerance;
        if (ratio > report.MaxGradientRatio)
        {
            report.MaxGradientRatio = ratio;
            report.MaxGradientWhere = string.Create(CultureInfo.InvariantCulture, $"K{g} length {n} {what}[{j}] = {actual:G6} vs {numeric:G6}, tolerance {tolerance:G3}: {source}");
        }
        if (double.IsFinite(error))
        {
            report.MaxGradientError = System.Math.Max(report.MaxGradientError, error);
            double relative = error / System.Math.Max(System.Math.Max(System.Math.Abs(numeric), scale), 1e-3);
            if (relative > report.MaxGradientRelative)
            {
                report.MaxGradientRelative = relative;
                report.MaxGradientRelativeWhere = string.Create(CultureInfo.InvariantCulture, $"K{g} length {n} {what}[{j}] = {actual:G6} vs {numeric:G6}, scale {scale:G3}, tolerance {tolerance:G3}: {source}");
            }
        }
        if (!(error <= tolerance))
            report.Failures.Add(new GraphFailure(g, source, n, what, j, numeric, actual, tolerance));
    }

    /// <summary>
    /// The oracle's self-check on one component: how far its central difference is from its reverse accumulation,
    /// recorded in units of what is allowed (1e-5 of the gradient's scale plus the difference's own roundoff).
    /// </summary>
    internal static double RecordOracleAgreement(GraphReport report, int g, string source, int n, string what, int j,
        double numeric, double analytic, double scale, double differenceNoise)
    {
        double disagreement = System.Math.Abs(numeric - analytic);
        double selfCheck = disagreement / (OracleAgreement * (System.Math.Abs(numeric) + scale) + differenceNoise + 1e-9);
        if (selfCheck > report.MaxOracleDisagreement)
        {
            report.MaxOracleDisagreement = selfCheck;
            report.MaxOracleDisagreementWhere = string.Create(CultureInfo.InvariantCulture, $"K{g} length {n} {what}[{j}]: difference {numeric:G9}, reverse {analytic:G9}: {source}");
        }
        return disagreement;
    }

    private static float[] RandomArray(System.Random random, int n, double lo, double hi)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(lo + (hi - lo) * random.NextDouble());
        return a;
    }
}
