using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>The oracle on one input case: its value and gradient, both in float's range.</summary>
public sealed record Reference(double[] X, double[] Y, double[]? W, OracleRun Base, OracleRun Held, OracleGradient Gradient)
{
    public OracleValue Value => Base.Result;
}

/// <summary>An input on which a compiled kernel gives Inf or NaN while the oracle's value and gradient are finite.</summary>
public sealed record Witness(InputCase Case, string What, int Element, float Actual, double Expected)
{
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{What}[{Element}] = {Actual} (oracle {Expected:G6}) on a {Case.Kind} case of length {Case.Length}, s = {Case.S:G4}");
}

/// <summary>
/// Compiles unrestricted graphs with the real generator and checks them on adversarial inputs: every graph must be
/// either warned about (KG0016, category (a), not compared) or finite and within the oracle's tolerance on every
/// input case in domain (category (b)).
/// </summary>
/// <remarks>
/// <para>A case is out of domain, skipped and counted, where the oracle's value or gradient is not finite or beyond
/// float's range (there float has no right answer to give), or where an error bound is not finite (an intermediate
/// overflowed in double, and there is no tolerance to judge by). Where it is within its tolerance of float's largest value,
/// an infinity of the right sign is an honest overflow and not compared.</para>
/// <para>Forward values are compared as in <see cref="RandomGraphChecker"/>. Gradients are compared with the
/// oracle's reverse accumulation, not with central differences: with elements of 1e4, temperatures of 1e-2 and
/// exps near their thresholds, a step of 1e-6 |v| is far from infinitesimal, while the reverse accumulation is exact
/// to double rounding anywhere. The tolerance is the same as there without the difference's own error:
/// 4 e' + 1e-6 |g| + 1e-7 G. Central differences still decide which components sit at a kink (skipped, as there),
/// and on the moderate cases, where they are reliable, they check the oracle's reverse accumulation.</para>
/// </remarks>
public static class AdversarialChecker
{
    /// <summary>
    /// Compiles <paramref name="graphs"/> and checks each on the cases of <see cref="AdversarialInputs.Plan"/> seeded
    /// by <paramref name="seed"/> and its index, or on <paramref name="cases"/> of its index. <paramref name="bodies"/>
    /// optionally gives the kernel bodies' source text verbatim.
    /// </summary>
    public static GraphReport Check(IReadOnlyList<RandomExpression> graphs, string name, int seed,
        Func<int, IEnumerable<InputCase>>? cases = null, IReadOnlyList<string>? bodies = null)
    {
        var report = new GraphReport();
        var batch = KernelBatch.Compile(graphs, name, report, bodies);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string Source(int g) => bodies?[g] ?? graphs[g].ToBodySource();
        RandomGraphChecker.ForEachLive(batch, report, Source,
            (g, local) => CheckGraph(graphs[g], Source(g), g, batch, cases?.Invoke(g) ?? Cases(graphs[g], g, seed), local));
        report.CheckTime = watch.Elapsed;
        if (report.MaxOracleDisagreement > 1)
            report.BatchProblems.Add("oracle self-check failed on a moderate case: its central difference and reverse accumulation disagree at " + report.MaxOracleDisagreementWhere);
        return report;
    }

    /// <summary>The cases of <see cref="AdversarialInputs.Plan"/> for kernel <paramref name="g"/>, seeded by <paramref name="seed"/> and g.</summary>
    public static IEnumerable<InputCase> Cases(RandomExpression e, int g, int seed)
    {
        for (int ci = 0; ci < AdversarialInputs.Plan.Length; ci++)
        {
            var (n, kind) = AdversarialInputs.Plan[ci];
            yield return AdversarialInputs.Draw(new Random(unchecked(seed * 1_000_003 + g * 101 + ci)), n, kind, e.IsVector);
        }
    }

    /// <summary>The oracle on <paramref name="c"/>, or null where the case is out of domain.</summary>
    public static Reference? Evaluate(RandomExpression e, InputCase c)
    {
        var x = c.X.Select(v => (double)v).ToArray();
        var y = c.Y.Select(v => (double)v).ToArray();
        var w = c.W?.Select(v => (double)v).ToArray();
        var baseRun = Oracle.Evaluate(e, x, y, c.S);
        if (!InRange(baseRun.Result.Values) || !Finite(baseRun.Result.Errors)) return null;
        var held = Oracle.Evaluate(e, x, y, c.S, baseRun.StopGradientValues);
        var gradient = held.Backward(w);
        if (!InRange(gradient.Dx) || !InRange(gradient.Dy) || !InRange(new[] { gradient.Ds })
            || !Finite(gradient.DxError) || !Finite(gradient.DyError) || !double.IsFinite(gradient.DsError))
            return null;
        return new Reference(x, y, w, baseRun, held, gradient);
    }

    /// <summary>Finite and within float's range.</summary>
    private static bool InRange(double[] values) => Array.TrueForAll(values, v => System.Math.Abs(v) <= float.MaxValue);

    /// <summary>Error bounds are not finite where an intermediate overflowed in double itself: then there is no tolerance to judge by.</summary>
    private static bool Finite(double[] bounds) => Array.TrueForAll(bounds, double.IsFinite);

    /// <summary>
    /// An infinite float result of the right sign where the exact one is so close to float's largest value that
    /// the rounding the tolerance allows can take it beyond: an honest overflow, not compared.
    /// </summary>
    private static bool OverflowsWithinTolerance(double expected, double tolerance, float actual)
        => float.IsInfinity(actual) && (actual > 0) == (expected > 0) && System.Math.Abs(expected) + tolerance > float.MaxValue;

    private static void CheckGraph(RandomExpression e, string source, int g, KernelBatch batch, IEnumerable<InputCase> cases, GraphReport report)
    {
        report.Graphs++;
        int ci = 0;
        foreach (var c in cases)
        {
            string label = $" ({c.Kind} case {ci++}, s = {c.S.ToString("R", CultureInfo.InvariantCulture)})";
            int n = c.Length;
            report.Cases++;
            var outputs = batch.Run(g, e.IsVector, c.X, c.Y, c.S, c.W);
            var reference = Evaluate(e, c);
            if (reference is null)
            {
                report.SkippedInputs++;
                continue;
            }
            var expected = reference.Value;
            report.ForwardComparisons += expected.Length;
            for (int i = 0; i < expected.Length; i++)
            {
                double tolerance = RandomGraphChecker.ForwardBoundFactor * expected.Err(i) + RandomGraphChecker.ForwardRelative * System.Math.Abs(expected[i]) + 1e-30;
                if (!OverflowsWithinTolerance(expected[i], tolerance, outputs.Forward[i]))
                    RandomGraphChecker.CompareForward(report, g, source, n, "Forward value" + label, i, expected[i], outputs.Forward[i], tolerance);
                if (!OverflowsWithinTolerance(expected[i], tolerance, outputs.Backward[i]))
                    RandomGraphChecker.CompareForward(report, g, source, n, "ForwardBackward value" + label, i, expected[i], outputs.Backward[i], tolerance);
            }

            // A branch that float may take differently makes the float gradient jump (see RandomGraphChecker).
            if (reference.Held.FragileDecisions > 0)
            {
                report.FragileCases++;
                continue;
            }
            var numeric = RandomGraphChecker.CentralDifferences(e, reference.X, reference.Y, c.S, reference.W, reference.Base);
            var analytic = reference.Gradient;
            double scale = 0;
            for (int j = 0; j < n; j++)
            {
                if (numeric.DxValid[j]) scale = System.Math.Max(scale, System.Math.Abs(analytic.Dx[j]));
                if (numeric.DyValid[j]) scale = System.Math.Max(scale, System.Math.Abs(analytic.Dy[j]));
            }
            if (numeric.DsValid) scale = System.Math.Max(scale, System.Math.Abs(analytic.Ds));
            void Component(string what, int j, bool valid, double reference, double bound, float actual)
            {
                if (!OverflowsWithinTolerance(reference, RandomGraphChecker.GradientBoundFactor * bound, actual))
                    RandomGraphChecker.CompareGradient(report, g, source, n, what + label, j, valid, reference, reference, bound, scale, 0, actual);
            }
            for (int j = 0; j < n; j++)
            {
                Component("dx", j, numeric.DxValid[j], analytic.Dx[j], analytic.DxError[j], outputs.Dx[j]);
                Component("dy", j, numeric.DyValid[j], analytic.Dy[j], analytic.DyError[j], outputs.Dy[j]);
            }
            Component("ds", 0, numeric.DsValid, analytic.Ds, analytic.DsError, outputs.Ds);
            if (c.Kind == InputKind.Moderate) SelfCheck(report, e, g, source, c, reference, numeric, scale);
        }
    }

    /// <summary>On a moderate case, the oracle's central differences against its reverse accumulation (as the safe test does).</summary>
    private static void SelfCheck(GraphReport report, RandomExpression e, int g, string source, InputCase c, Reference reference, NumericGradient numeric, double scale)
    {
        int n = c.Length;
        double roundoff = 1e-14 * reference.Held.MaxMagnitude * (e.IsVector ? n : 1);
        double Noise(double v) => roundoff / (1e-6 * System.Math.Max(1, System.Math.Abs(v)));
        var analytic = reference.Gradient;
        for (int j = 0; j < n; j++)
        {
            if (numeric.DxValid[j]) RandomGraphChecker.RecordOracleAgreement(report, g, source, n, "dx", j, numeric.Dx[j], analytic.Dx[j], scale, Noise(reference.X[j]));
            if (numeric.DyValid[j]) RandomGraphChecker.RecordOracleAgreement(report, g, source, n, "dy", j, numeric.Dy[j], analytic.Dy[j], scale, Noise(reference.Y[j]));
        }
        if (numeric.DsValid) RandomGraphChecker.RecordOracleAgreement(report, g, source, n, "ds", 0, numeric.Ds, analytic.Ds, scale, Noise(c.S));
    }

    // ---- Witnesses for warnings. ----

    /// <summary>
    /// The first of <paramref name="cases"/> on which compiled kernel <paramref name="g"/> gives Inf or NaN where the
    /// oracle is finite and in float's range: in its value, or in a gradient component (the value in range too).
    /// Proof that a KG0016 warning is justified. Unlike the check, a case counts even where other components are out
    /// of range: the value can be finite where the gradient honestly is not.
    /// </summary>
    public static Witness? FindWitness(RandomExpression e, int g, KernelBatch batch, IEnumerable<InputCase> cases)
    {
        foreach (var c in cases)
        {
            var x = c.X.Select(v => (double)v).ToArray();
            var y = c.Y.Select(v => (double)v).ToArray();
            var baseRun = Oracle.Evaluate(e, x, y, c.S);
            var expected = baseRun.Result;
            if (!InRange(expected.Values)) continue;
            KernelOutputs outputs;
            try
            {
                outputs = batch.Run(g, e.IsVector, c.X, c.Y, c.S, c.W);
            }
            catch (ArithmeticException ex)
            {
                // The generated code met a NaN where it does not expect one (Math.Sign throws on NaN): a failure worse than NaN.
                return new Witness(c, "threw " + ex.GetType().Name + " instead of computing", 0, float.NaN, expected[0]);
            }
            var gradient = Oracle.Evaluate(e, x, y, c.S, baseRun.StopGradientValues).Backward(c.W?.Select(v => (double)v).ToArray());
            var found = NonFinite(c, "value", outputs.Forward, expected.Values)
                        ?? NonFinite(c, "ForwardBackward value", outputs.Backward, expected.Values)
                        ?? NonFinite(c, "dx", outputs.Dx, gradient.Dx)
                        ?? NonFinite(c, "dy", outputs.Dy, gradient.Dy)
                        ?? NonFinite(c, "ds", new[] { outputs.Ds }, new[] { gradient.Ds });
            if (found is not null) return found;
        }
        return null;
    }

    private static Witness? NonFinite(InputCase c, string what, float[] actual, double[] expected)
    {
        for (int i = 0; i < actual.Length; i++)
            if (!float.IsFinite(actual[i]) && System.Math.Abs(expected[i]) <= float.MaxValue) return new Witness(c, what, i, actual[i], expected[i]);
        return null;
    }
}
