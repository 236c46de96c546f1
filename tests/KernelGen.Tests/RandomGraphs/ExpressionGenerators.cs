using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using static KernelGen.Tests.RandomGraphs.RandomExpression;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>
/// FsCheck generators of random kernel expressions over <c>Vec x, Vec y, float s</c>, depth-bounded and kept in
/// a safe domain: every value stays finite and well conditioned in float as well as in double, except exactly
/// where the generator's stability rewrites are supposed to step in (softmax, log-softmax and log-sum-exp of
/// arguments shifted by about 90, which overflow naive float code).
/// </summary>
/// <remarks>
/// Domain rules, enforced with the static intervals of <see cref="RandomExpression"/>:
/// <list type="bullet">
/// <item><description>Log only of Square(e) + 1, Abs(e) + 1 or a softmax; Sqrt only of Square(e) + 1 or Abs(e) + 1.</description></item>
/// <item><description>Division only by Square(e) + 1 or Abs(e) + 1 (at least 1), and by the temperature s (|s| &gt;= 0.5) of the hand-written log-sum-exp.</description></item>
/// <item><description>Exp only of something bounded above by 5, otherwise of Min(e, 4f); large arguments only inside the softmax family.</description></item>
/// <item><description>Products and squares only while the result stays below <see cref="Limit"/> in magnitude.</description></item>
/// </list>
/// </remarks>
public static class ExpressionGenerators
{
    /// <summary>Largest magnitude a product or square may reach.</summary>
    public const double Limit = 1e4;

    private static readonly float[] Constants = { 0f, 1f, -1f, 0.5f, 2f, -2f, 0.25f, 1.5f, 3f };
    private static readonly float[] Shifts = { 90f, -90f, 60f, 100f, -75f };

    /// <summary>A whole kernel body: a scalar (loss-like) or vector result of depth 1 to <paramref name="maxDepth"/>.</summary>
    public static Gen<RandomExpression> Kernel(int maxDepth)
        => Gen.Frequency(Enumerable.Range(1, maxDepth).Select(d => (d == 1 ? 1 : 3, Gen.Constant(d)))).SelectMany(depth => Gen.Frequency(
                (3, TopScalar(depth)),
                (2, Vector(depth))))
            .Where(e => e.ToSource().Length <= 1600);

    /// <summary>Kernels sized by FsCheck's size parameter (depth = min(size, 5)).</summary>
    public static Gen<RandomExpression> Kernel() => Gen.Sized(size => Kernel(System.Math.Clamp(size, 1, 5)));

    // ---- Vectors. ----

    public static Gen<RandomExpression> Vector(int depth)
    {
        if (depth <= 0) return Gen.Elements(X, Y);
        return Gen.Frequency(
            (2, Gen.Elements(X, Y)),
            (5, Vector(depth - 1).SelectMany(a => Gen.Choose(0, 6).Select(k => SafeUnary(k, a)))),
            (5, Vector(depth - 1).SelectMany(a => Vector(depth - 1).SelectMany(b => Gen.Choose(0, 5).Select(k => SafeBinary(k, a, b))))),
            (4, Vector(depth - 1).SelectMany(a => Scalar(depth - 1).SelectMany(b => Gen.Choose(0, 11).Select(k => k < 6 ? SafeBinary(k, a, b) : SafeBinary(k - 6, b, a))))),
            (4, SoftmaxFamily(depth)),
            (2, SharedPattern(depth)),
            (1, Vector(depth - 1).Select(a => Make(ExprKind.StopGradient, a))));
    }

    /// <summary>The softmax family, as library calls and written out by hand, often of a shifted argument.</summary>
    private static Gen<RandomExpression> SoftmaxFamily(int depth)
        => SoftArgument(depth - 1).SelectMany(e => Gen.Choose(0, 9).Select(k => k switch
        {
            0 => Make(ExprKind.Softmax, e),
            1 => Make(ExprKind.LogSoftmax, e),
            2 => Make(ExprKind.Softmin, e),
            3 => Make(ExprKind.HandSoftmax, e),
            4 => Make(ExprKind.HandLogSoftmax, e),
            5 => Make(ExprKind.Log, Make(ExprKind.Softmax, e)),
            6 => Make(ExprKind.Log, Make(ExprKind.HandSoftmax, e)),
            7 => Make(ExprKind.Log, Make(ExprKind.Softmin, e)),
            8 => -Make(ExprKind.LogSoftmax, e),
            _ => Make(ExprKind.LogOfExp, e),
        }));

    /// <summary>An argument for the softmax family: any vector, or one shifted/scaled far beyond float's exp range.</summary>
    private static Gen<RandomExpression> SoftArgument(int depth)
        => Gen.Frequency((3, Vector(depth)), (2, Shifted(depth)));

    private static Gen<RandomExpression> Shifted(int depth)
        => Vector(System.Math.Min(depth, 2)).SelectMany(e => Gen.Elements(Shifts).SelectMany(c => Gen.Choose(0, 4).Select(k =>
        {
            var bounded = e.Magnitude <= 10 ? e : X;
            return k switch
            {
                0 => bounded + Const(c),
                1 => Const(c) - bounded,
                2 => bounded * Const(30f),
                3 => (bounded + Const(c)) * S,
                _ => X + Const(c),
            };
        })));

    /// <summary>Patterns that use one subexpression twice, so adjoints must be summed over uses.</summary>
    private static Gen<RandomExpression> SharedPattern(int depth)
        => Vector(depth - 1).SelectMany(a => Gen.Choose(0, 5).Select(k => k switch
        {
            0 => a - Make(ExprKind.Mean, a),
            1 => a * Make(ExprKind.Softmax, a),
            2 => a / (a.Magnitude <= 100
                ? Make(ExprKind.Sqrt, Make(ExprKind.Mean, Make(ExprKind.Square, a)) + Const(1f))
                : Make(ExprKind.Mean, Make(ExprKind.Abs, a)) + Const(1f)),
            3 => a * Make(ExprKind.StopGradient, Make(ExprKind.Softmax, a)),
            4 => SafeExp(a - Make(ExprKind.ReduceMax, a)),
            _ => a - Make(ExprKind.HandLogSumExp, a),
        }));

    // ---- Scalars. ----

    /// <summary>A scalar kernel result: mostly reductions and losses, occasionally plain scalar arithmetic.</summary>
    private static Gen<RandomExpression> TopScalar(int depth)
        => Gen.Frequency(
            (6, Reduction(depth)),
            (5, Loss(depth)),
            (1, Scalar(depth)));

    public static Gen<RandomExpression> Scalar(int depth)
    {
        if (depth <= 0) return Gen.Frequency((3, Gen.Constant(S)), (2, Gen.Elements(Constants).Select(Const)));
        return Gen.Frequency(
            (2, Scalar(0)),
            (6, Reduction(depth)),
            (4, Loss(depth)),
            (3, Scalar(depth - 1).SelectMany(a => Gen.Choose(0, 6).Select(k => SafeUnary(k, a)))),
            (3, Scalar(depth - 1).SelectMany(a => Scalar(depth - 1).SelectMany(b => Gen.Choose(0, 5).Select(k => SafeBinary(k, a, b))))));
    }

    private static Gen<RandomExpression> Reduction(int depth)
        => Gen.Frequency(
            (4, Vector(depth - 1).SelectMany(v => Gen.Choose(0, 3).Select(k => k switch
            {
                0 => Make(ExprKind.Sum, v),
                1 => Make(ExprKind.ReduceMax, v),
                2 => Make(ExprKind.ReduceMin, v),
                _ => Make(ExprKind.Mean, v),
            }))),
            (1, Vector(depth - 1).SelectMany(a => Vector(depth - 1).Select(b =>
                a.Magnitude * b.Magnitude <= Limit ? Make(ExprKind.Dot, a, b) : Make(ExprKind.Sum, a - b)))));

    private static Gen<RandomExpression> Loss(int depth)
        => Gen.Choose(0, 10).SelectMany(k => k switch
        {
            0 => SoftArgument(depth - 1).Select(e => Make(ExprKind.LogSumExp, e)),
            1 => SoftArgument(depth - 1).Select(e => Make(ExprKind.HandLogSumExp, e)),
            2 => SoftArgument(depth - 1).SelectMany(e => Gen.Elements(S, S, Const(0.5f), Const(2f)).Select(t => Make(ExprKind.HandLogSumExpTemp, e, t))),
            3 => SoftArgument(depth - 1).SelectMany(e => Target(depth - 1).Select(t => Make(ExprKind.CrossEntropy, e, t))),
            4 => Vector(depth - 1).SelectMany(a => Vector(depth - 1).Select(b => Make(ExprKind.Mse, a, b))),
            5 => Vector(depth - 1).SelectMany(a => Vector(depth - 1).SelectMany(b => Delta().Select(d => Make(ExprKind.Huber, a, b, d)))),
            6 => SoftArgument(depth - 1).Select(e => -Make(ExprKind.Sum, Make(ExprKind.LogSoftmax, e))),
            7 => SoftArgument(depth - 1).Select(e => -Make(ExprKind.Sum, Y * Make(ExprKind.Log, Make(ExprKind.Softmax, e)))),
            8 => SoftArgument(depth - 1).Select(e => -Make(ExprKind.Mean, Make(ExprKind.Log, Make(ExprKind.HandSoftmax, e)))),
            9 => SoftArgument(depth - 1).SelectMany(e => Vector(depth - 1).Select(v => Make(ExprKind.Sum, Make(ExprKind.Softmin, e) * v))),
            _ => SoftArgument(depth - 1).SelectMany(e => Vector(depth - 1).Select(v => Make(ExprKind.Dot, Make(ExprKind.Softmax, e), v))),
        });

    /// <summary>A cross-entropy target: a probability vector, or any vector (the loss is defined for both).</summary>
    private static Gen<RandomExpression> Target(int depth)
        => Gen.Frequency(
            (2, Vector(depth).Select(v => Make(ExprKind.Softmax, v))),
            (1, Gen.Elements(Y, X)),
            (1, Vector(depth).Select(v => Make(ExprKind.Abs, v))));

    /// <summary>A Huber threshold: a positive constant or a positive expression of s.</summary>
    private static Gen<RandomExpression> Delta()
        => Gen.Elements(
            Const(1f),
            Const(0.5f),
            Const(2f),
            Make(ExprKind.Abs, S) + Const(0.5f),
            Make(ExprKind.Square, S));

    // ---- Safe operations. ----

    /// <summary>A unary operation that stays in the safe domain: 0 Neg, 1 Abs, 2 Square, 3 Exp, 4 Log, 5 Sqrt, 6 a clamp (Exp(Min(e, 2f)) or Max(e, -1f)).</summary>
    private static RandomExpression SafeUnary(int kind, RandomExpression a) => kind switch
    {
        0 => -a,
        1 => Make(ExprKind.Abs, a),
        2 => a.Magnitude * a.Magnitude <= Limit ? Make(ExprKind.Square, a) : Make(ExprKind.Abs, a),
        3 => SafeExp(a),
        4 => Make(ExprKind.Log, PositiveOf(a)),
        5 => Make(ExprKind.Sqrt, PositiveOf(a)),
        _ => a.Magnitude <= 10 ? Make(ExprKind.Exp, Make(ExprKind.Min, a, Const(2f))) : Make(ExprKind.Max, a, Const(-1f)),
    };

    /// <summary>A binary operation that stays in the safe domain: 0 Add, 1 Sub, 2 Mul, 3 Div, 4 Min, 5 Max.</summary>
    private static RandomExpression SafeBinary(int kind, RandomExpression a, RandomExpression b) => kind switch
    {
        0 => a + b,
        1 => a - b,
        2 => a.Magnitude * b.Magnitude <= Limit ? a * b : a + b,
        3 => a / PositiveOf(b),
        4 => Make(ExprKind.Min, a, b),
        _ => Make(ExprKind.Max, a, b),
    };

    /// <summary>Exp of a bounded argument, or of Min(e, 4f) when e may be large.</summary>
    private static RandomExpression SafeExp(RandomExpression a)
        => Make(ExprKind.Exp, a.Hi <= 5 ? a : Make(ExprKind.Min, a, Const(4f)));

    /// <summary>Square(e) + 1 or Abs(e) + 1: at least 1, so a safe argument of Log and Sqrt and a safe divisor.</summary>
    private static RandomExpression PositiveOf(RandomExpression a)
        => (a.Magnitude <= 100 ? Make(ExprKind.Square, a) : Make(ExprKind.Abs, a)) + Const(1f);
}
