using System;
using System.Linq;
using Xunit;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>
/// Checks of the test's own machinery, so that a failure of <see cref="RandomGraphTests"/> can be trusted to be
/// the generator's: the oracle against closed forms, its numeric gradient against hand-derived ones, and the
/// rendering of expressions against the parser.
/// </summary>
public sealed class OracleTests
{
    private static readonly double[] X = { 1, 2, 3 };
    private static readonly double[] Y = { 0.5, -1, 2 };
    private const double S = 1.5;

    private static double Value(string body) => Oracle.Evaluate(RandomExpression.Parse(body), X, Y, S).Result.Scalar;

    private static double[] Vector(string body) => Oracle.Evaluate(RandomExpression.Parse(body), X, Y, S).Result.Values;

    private static double Lse(double[] v) => System.Math.Log(v.Sum(System.Math.Exp));

    [Fact]
    public void OracleMatchesClosedForms()
    {
        Assert.Equal(4.5, Value("Dot(x, y)"), 12);
        Assert.Equal(2, Value("Mean(x)"), 12);
        Assert.Equal(3, Value("Max(x)"), 12);
        Assert.Equal(-1, Value("Min(y)"), 12);
        Assert.Equal(Lse(X), Value("LogSumExp(x)"), 12);
        Assert.Equal(90 + Lse(X), Value("LogSumExp(x + 90f)"), 10);
        Assert.Equal(Lse(X.Select(v => v * S).ToArray()) / S, Value("Log(Sum(Exp(x * s))) / s"), 12);
        Assert.Equal(-Enumerable.Range(0, 3).Sum(i => Y[i] * (X[i] - Lse(X))), Value("CrossEntropy(x, y)"), 12);
        Assert.Equal(Enumerable.Range(0, 3).Average(i => (X[i] - Y[i]) * (X[i] - Y[i])), Value("Mse(x, y)"), 12);
        // r = x - y = (0.5, 3, 1), delta 1: 0.5 r^2 inside, delta (|r| - delta / 2) outside.
        Assert.Equal((0.125 + 2.5 + 0.5) / 3, Value("Huber(x, y, 1f)"), 12);

        var softmax = X.Select(v => System.Math.Exp(v - Lse(X))).ToArray();
        Assert.Equal(softmax, Vector("Softmax(x)"), new Tolerance(1e-14));
        Assert.Equal(softmax, Vector("Exp(x) / Sum(Exp(x))"), new Tolerance(1e-14));
        Assert.Equal(softmax, Vector("Softmax(x + 90f)"), new Tolerance(1e-12));
        Assert.Equal(X.Select(v => v - Lse(X)), Vector("LogSoftmax(x)"), new Tolerance(1e-14));
        Assert.Equal(X.Select(v => v - Lse(X)), Vector("Log(Softmax(x))"), new Tolerance(1e-14));
        var negated = X.Select(v => -v).ToArray();
        Assert.Equal(negated.Select(v => System.Math.Exp(v - Lse(negated))), Vector("Softmin(x)"), new Tolerance(1e-14));
        Assert.Equal(X, Vector("Log(Exp(x))"), new Tolerance(1e-14));
        Assert.Equal(new[] { 1.0, 2, 3 }, Vector("Max(x, y)"));
        Assert.Equal(new[] { 0.5, -1, 2 }, Vector("Min(x, y)"));
        Assert.Equal(new[] { 1.5, 1.5, 2 }, Vector("Min(Max(y, s), x + 0f * y + 2f)").Select(v => System.Math.Round(v, 12)));
    }

    private static double Sigmoid(double v) => 1 / (1 + System.Math.Exp(-v));

    [Fact]
    public void OracleMatchesClosedFormsOfTheActivations()
    {
        var tight = new Tolerance(1e-14);
        Assert.Equal(X.Select(v => System.Math.Log(1 + v)), Vector("Log1p(x)"), tight);
        Assert.Equal(X.Select(v => System.Math.Exp(v) - 1), Vector("Expm1(x)"), tight);
        Assert.Equal(X.Select(Sigmoid), Vector("Sigmoid(x)"), tight);
        Assert.Equal(X.Select(Sigmoid), Vector("1f / (1f + Exp(-x))"), tight);
        Assert.Equal(Y.Select(v => System.Math.Log(1 + System.Math.Exp(v))), Vector("Softplus(y)"), tight);
        Assert.Equal(Y.Select(v => System.Math.Log(1 + System.Math.Exp(v))), Vector("Log(1f + Exp(y))"), tight);
        Assert.Equal(Y.Select(System.Math.Tanh), Vector("Tanh(y)"), tight);
        Assert.Equal(new[] { 0.5, 0, 2 }, Vector("Relu(y)"));
        Assert.Equal(new[] { 0.5, 0, 2 }, Vector("Max(y, 0f)"));
        Assert.Equal(Y.Select(v => System.Math.Log(Sigmoid(v))), Vector("LogSigmoid(y)"), tight);
        Assert.Equal(Y.Select(v => System.Math.Log(Sigmoid(v))), Vector("Log(Sigmoid(y))"), tight);
        Assert.Equal(Y.Select(v => System.Math.Log(1 - Sigmoid(v))), Vector("Log(1f - Sigmoid(y))"), tight);
        // Binary cross-entropy on logits x against targets t = sigmoid(y), from its definition.
        double bce = Enumerable.Range(0, 3).Average(i =>
        {
            double p = Sigmoid(X[i]), t = Sigmoid(Y[i]);
            return -(t * System.Math.Log(p) + (1 - t) * System.Math.Log(1 - p));
        });
        Assert.Equal(bce, Value("BinaryCrossEntropy(x, Sigmoid(y))"), 12);
    }

    [Fact]
    public void OracleIsExactWhereTheTextbookFormulasFailInDouble()
    {
        // log(1 + v) and exp(v) - 1 of a small v: the textbook formulas keep no digit of v^2.
        double v = 1e-10f;
        Assert.InRange(Value("Log1p(1E-10f) + 0f * s") / (v - v * v / 2) - 1, -1e-15, 1e-15);
        Assert.InRange(Value("Expm1(1E-10f) + 0f * s") / (v + v * v / 2) - 1, -1e-15, 1e-15);
        // Beyond exp's range in double (e^1000 overflows, e^-1000 is 0) the stable forms are exact.
        Assert.Equal(X.Select(t => t + 1000), Vector("Softplus(x + 1000f)"), new Tolerance(1e-15));
        Assert.Equal(X.Select(t => t + 1000), Vector("Log(1f + Exp(x + 1000f))"), new Tolerance(1e-15));
        Assert.Equal(X.Select(t => t - 1000), Vector("LogSigmoid(x - 1000f)"), new Tolerance(1e-15));
        Assert.Equal(X.Select(t => t - 1000), Vector("Log(Sigmoid(x - 1000f))"), new Tolerance(1e-15));
        Assert.Equal(X.Select(t => -(t + 1000)), Vector("Log(1f - Sigmoid(x + 1000f))"), new Tolerance(1e-15));
        Assert.Equal(X.Select(t => System.Math.Exp(t - 1000)), Vector("Sigmoid(x - 1000f)"));
        // softplus(1000 x) - 1000 x y = 1000 x (1 - y) + log1p(e^(-1000 x)) for x > 0.
        Assert.Equal(Enumerable.Range(0, 3).Average(i => 1000 * X[i] * (1 - Y[i])), Value("BinaryCrossEntropy(x * 1000f, y)"), 9);
    }

    [Fact]
    public void ReverseAccumulationOfTheActivationsMatchesHandDerivedGradients()
    {
        var softplus = Oracle.Evaluate(RandomExpression.Parse("Sum(Softplus(x))"), X, Y, S).Backward(null);
        Assert.Equal(X.Select(Sigmoid), softplus.Dx, new Tolerance(1e-15));
        var tanh = Oracle.Evaluate(RandomExpression.Parse("Sum(Tanh(x))"), X, Y, S).Backward(null);
        Assert.Equal(X.Select(v => 1 / (System.Math.Cosh(v) * System.Math.Cosh(v))), tanh.Dx, new Tolerance(1e-15));
        // d BCE / dz = (sigmoid(z) - t) / n, d BCE / dt = -z / n.
        var bce = Oracle.Evaluate(RandomExpression.Parse("BinaryCrossEntropy(x, y)"), X, Y, S).Backward(null);
        Assert.Equal(X.Select((z, i) => (Sigmoid(z) - Y[i]) / 3), bce.Dx, new Tolerance(1e-15));
        Assert.Equal(X.Select(z => -z / 3), bce.Dy, new Tolerance(1e-15));
        // A max shared by tied elements: each gets an equal part, as in the generated gradient.
        var tied = Oracle.Evaluate(RandomExpression.Parse("Max(Max(x, y + 10f) * 0f + s)"), X, Y, S).Backward(null);
        Assert.Equal(1, tied.Ds, 15);
        var shared = Oracle.Evaluate(RandomExpression.Parse("Max(Abs(x - 2f))"), X, Y, S).Backward(null);
        Assert.Equal(new[] { -0.5, 0, 0.5 }, shared.Dx);
    }

    [Theory]
    [InlineData("Sum(Log1p(Abs(x) * s))")]
    [InlineData("Dot(Expm1(x * s), y)")]
    [InlineData("Dot(Sigmoid(x * s), y)")]
    [InlineData("Dot(Softplus(x - y), y)")]
    [InlineData("Sum(Tanh(x * s) * y)")]
    [InlineData("Sum(Relu(y) * x * s)")]
    [InlineData("Sum(LogSigmoid(x * s - y))")]
    [InlineData("BinaryCrossEntropy(x * s, Sigmoid(y))")]
    [InlineData("Sum(Log(1f + Exp(x * s)) + 1f / (1f + Exp(-y)))")]
    [InlineData("Sum(Log(Sigmoid(x - y)) * Log(1f - Sigmoid(y * s)))")]
    public void ReverseAccumulationOfTheActivationsMatchesCentralDifferences(string body)
    {
        var e = RandomExpression.Parse(body);
        var run = Oracle.Evaluate(e, X, Y, S);
        var reverse = run.Backward(null);
        var numeric = RandomGraphChecker.CentralDifferences(e, (double[])X.Clone(), (double[])Y.Clone(), S, null, run);
        Assert.Equal(numeric.Dx, reverse.Dx, new Tolerance(1e-7));
        Assert.Equal(numeric.Dy, reverse.Dy, new Tolerance(1e-7));
        Assert.Equal(numeric.Ds, reverse.Ds, new Tolerance(1e-7));
    }

    [Fact]
    public void ErrorBoundsOfTheActivationsStayRelativeWhereTheyAreTiny()
    {
        // Far out, tanh' and sigmoid' are tiny; computed stably (not as 1 - tanh^2, which cancels) float gets them to a
        // few ulps, and their bound must say so rather than allow u in absolute terms.
        foreach (var body in new[] { "Sum(Tanh(x * 5f))", "Sum(Sigmoid(x * 10f))", "Sum(Softplus(-x * 10f))" })
        {
            var g = Oracle.Evaluate(RandomExpression.Parse(body), X, Y, S).Backward(null);
            double d = System.Math.Abs(g.Dx[2]);
            Assert.True(d > 0 && d < 1e-10, $"{body}: dx[2] = {g.Dx[2]}");
            Assert.True(g.DxError[2] < 40 * Oracle.U * d, $"{body}: bound {g.DxError[2]} of dx[2] = {g.Dx[2]}");
        }
        // The value itself, of an exact argument: a few u of it.
        var tail = Oracle.Evaluate(RandomExpression.Parse("Sigmoid(-60f) + 0f * s"), X, Y, S).Result;
        Assert.True(tail.Errors[0] < 4 * Oracle.U * tail.Values[0], $"bound {tail.Errors[0]} of sigmoid(-60) = {tail.Values[0]}");
    }

    [Fact]
    public void ErrorBoundGrowsWithCancellation()
    {
        // The same O(1) result computed with and without a large cancelling intermediate.
        var plain = Oracle.Evaluate(RandomExpression.Parse("Sum(x)"), X, Y, S).Result.Errors[0];
        var cancelled = Oracle.Evaluate(RandomExpression.Parse("Sum(x + 1000f) - 3000f"), X, Y, S).Result.Errors[0];
        Assert.True(plain < 1e-5, $"error bound of Sum(x) is {plain}");
        Assert.True(cancelled > 100 * plain, $"error bounds {cancelled} vs {plain}");
    }

    [Fact]
    public void NumericGradientMatchesHandDerivedGradients()
    {
        // f = sum(x * x * s) + dot(y, StopGradient(y)): df/dx = 2 x s, df/dy = y (not 2 y), df/ds = sum(x^2).
        var e = RandomExpression.Parse("Sum(x * x * s) + Dot(y, StopGradient(y))");
        var run = Oracle.Evaluate(e, X, Y, S);
        var g = RandomGraphChecker.CentralDifferences(e, (double[])X.Clone(), (double[])Y.Clone(), S, null, run);
        Assert.Equal(X.Select(v => 2 * v * S), g.Dx, new Tolerance(1e-7));
        Assert.Equal(Y, g.Dy, new Tolerance(1e-7));
        Assert.Equal(14, g.Ds, 6);
        Assert.True(g.DxValid.All(v => v) && g.DyValid.All(v => v) && g.DsValid);

        // Vector result: the vector-Jacobian product of softmax, w -> p (w - <p, w>).
        var w = new[] { 0.3, -0.7, 0.2 };
        var softmax = RandomExpression.Parse("Softmax(x)");
        var p = Oracle.Evaluate(softmax, X, Y, S).Result.Values;
        double pw = p.Zip(w, (a, b) => a * b).Sum();
        var vjp = RandomGraphChecker.CentralDifferences(softmax, (double[])X.Clone(), (double[])Y.Clone(), S, w, Oracle.Evaluate(softmax, X, Y, S));
        Assert.Equal(p.Select((pi, i) => pi * (w[i] - pw)), vjp.Dx, new Tolerance(1e-7));
        Assert.Equal(new double[3], vjp.Dy);
    }

    [Fact]
    public void ReverseAccumulationMatchesHandDerivedGradients()
    {
        var e = RandomExpression.Parse("Sum(x * x * s) + Dot(y, StopGradient(y)) + Max(Max(x, s + 10f))");
        var g = Oracle.Evaluate(e, X, Y, S).Backward(null);
        Assert.Equal(X.Select(v => 2 * v * S), g.Dx, new Tolerance(1e-14));
        Assert.Equal(Y, g.Dy, new Tolerance(1e-14));
        Assert.Equal(14 + 1, g.Ds, 12);

        // The error bound of a gradient that cancels (a softmax's gradient with respect to a common shift is
        // zero) reflects the size of the cancelling terms.
        var shifted = RandomExpression.Parse("Dot(Softmax(x * 30f + s * 50f), y)");
        var bounds = Oracle.Evaluate(shifted, X, Y, S).Backward(null);
        Assert.True(System.Math.Abs(bounds.Ds - 50 * bounds.Dx.Sum() / 30) < 1e-9);
        Assert.True(bounds.DsError > 10 * Oracle.U * System.Math.Abs(bounds.Ds), $"ds {bounds.Ds}, bound {bounds.DsError}");
        // dx is 30 p (y - <p, y>): its natural scale is 30 max|y| = 60, and its bound a small fraction of that.
        Assert.True(bounds.DxError.All(v => v < 1e-3 * 60), string.Join(", ", bounds.DxError));
    }

    [Fact]
    public void NumericGradientSkipsComponentsAcrossAKink()
    {
        // Max(x, y) with x[0] = y[0] + 1e-9: the difference in x[0] crosses the kink.
        var x = new[] { 1 + 1e-9, 5, -2 };
        var y = new[] { 1.0, 0, 0 };
        var e = RandomExpression.Parse("Sum(Max(x, y))");
        var g = RandomGraphChecker.CentralDifferences(e, x, y, S, null, Oracle.Evaluate(e, x, y, S));
        Assert.Equal(new[] { false, true, true }, g.DxValid);
        Assert.Equal(new[] { 1.0, 0.0 }, new[] { g.Dx[1], g.Dx[2] }, new Tolerance(1e-7));
    }

    [Fact]
    public void RenderedExpressionsParseBackToThemselves()
    {
        foreach (var e in RandomGraphTests.SampleBatch(0).Take(60))
        {
            Assert.Equal(e.ToSource(), RandomExpression.Parse(e.ToSource()).ToSource());
            Assert.Equal(e.ToSource(), RandomExpression.Parse(e.ToBodySource()).ToSource());
        }
    }

    [Fact]
    public void UnrestrictedGraphsParseBackToTheSameNodes()
    {
        // The same nodes, not only the same text: the oracle evaluates the hand-written forms it recognizes stably.
        static string Kinds(RandomExpression e) => e.Kind + (e.Args.Length == 0 ? "" : "(" + string.Join(", ", e.Args.Select(Kinds)) + ")");
        foreach (var e in AdversarialGraphTests.SampleBatch(0))
        {
            var parsed = RandomExpression.Parse(e.ToBodySource());
            Assert.Equal(e.ToSource(), parsed.ToSource());
            Assert.Equal(Kinds(e), Kinds(parsed));
        }
    }

    private sealed class Tolerance : System.Collections.Generic.IEqualityComparer<double>
    {
        private readonly double _tolerance;

        public Tolerance(double tolerance) => _tolerance = tolerance;

        public bool Equals(double a, double b) => System.Math.Abs(a - b) <= _tolerance * System.Math.Max(1, System.Math.Abs(b));

        public int GetHashCode(double value) => 0;
    }
}
