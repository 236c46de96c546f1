using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using static KernelGen.Tests.RandomGraphs.RandomExpression;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>
/// FsCheck generators of unrestricted random kernel expressions over <c>Vec x, Vec y, float s</c>: every
/// operation, old and new, composed freely, the textbook forms that overflow in naive float included
/// (<c>Log(1f + Exp(e))</c>, <c>1f / (1f + Exp(-e))</c>, <c>Exp(e) / Sum(Exp(e))</c>, <c>Log(Sum(Exp(e)))</c>,
/// <c>Log(Exp(a) + Exp(b))</c>, <c>Exp(a) * b</c>, <c>Sqrt(Exp(e))</c>, <c>Log(Sigmoid(e))</c>,
/// <c>Log(1f - Sigmoid(e))</c>, products with the temperature s), with no bound on the argument of any exp.
/// They are meant for adversarial inputs (<see cref="AdversarialInputs"/>), where each graph must either be
/// warned about by the range analysis (KG0016) or come out finite and accurate.
/// </summary>
/// <remarks>
/// <para>Two rules remain, so that the exact result is finite wherever the inputs are:</para>
/// <list type="bullet">
/// <item><description>Log, Sqrt and division only of things that are positive in exact arithmetic: Abs(e) + 1,
/// Square(e) + 1, an exp, a sigmoid, a softplus, 1 + Exp(e), 1 - Sigmoid(e), a sum of exps, a softmax; division also
/// by s (never drawn as 0). Log1p only of things at least 0.</description></item>
/// <item><description>Products, squares and quotients only while their bound in <see cref="InputDomain.Adversarial"/>
/// stays below <see cref="Limit"/>, with an exp that can overflow counted at its moderate values (its overflow is the
/// range analysis' business). Overflow by multiplication alone is outside what the analysis tracks (it documents
/// this), so the generator keeps it out instead of testing it.</description></item>
/// </list>
/// <para>Every Log, Sqrt and division goes through <see cref="RandomExpression.Recognize"/>, as it does when the
/// rendered text is parsed, so the oracle sees the same nodes for a graph and for its source.</para>
/// </remarks>
public static class UnrestrictedGenerators
{
    /// <summary>Largest bound a product, square or quotient may have in the adversarial domain.</summary>
    public const double Limit = 1e15;

    private static InputDomain Domain => InputDomain.Adversarial;

    private static readonly float[] Constants = { 0f, 1f, -1f, 0.5f, 2f, -2f, 0.25f, 3f, 10f, 90f, -90f, 100f };
    private static readonly float[] Shifts = { 90f, -90f, 60f, 100f, -75f, 1000f };

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
            (7, Vector(depth - 1).SelectMany(a => Choice(UnaryKinds).Select(k => Unary(k.Kind, k.Pick, a)))),
            (5, Vector(depth - 1).SelectMany(a => Vector(depth - 1).SelectMany(b => Choice(BinaryKinds).Select(k => Binary(k.Kind, k.Pick, a, b))))),
            (4, Vector(depth - 1).SelectMany(a => Scalar(depth - 1).SelectMany(b => Choice(2 * BinaryKinds)
                .Select(k => k.Kind < BinaryKinds ? Binary(k.Kind, k.Pick, a, b) : Binary(k.Kind - BinaryKinds, k.Pick, b, a))))),
            (4, SoftmaxFamily(depth)),
            (2, SharedPattern(depth)),
            (1, Vector(depth - 1).Select(a => Make(ExprKind.StopGradient, a))));
    }

    /// <summary>The softmax family, as library calls and written out by hand.</summary>
    private static Gen<RandomExpression> SoftmaxFamily(int depth)
        => SoftArgument(depth - 1).SelectMany(e => Gen.Choose(0, 9).Select(k => k switch
        {
            0 => Make(ExprKind.Softmax, e),
            1 => Make(ExprKind.LogSoftmax, e),
            2 => Make(ExprKind.Softmin, e),
            3 => Make(ExprKind.HandSoftmax, e),
            4 => Make(ExprKind.HandLogSoftmax, e),
            5 => Log(Make(ExprKind.Softmax, e)),
            6 => Log(Make(ExprKind.HandSoftmax, e)),
            7 => Log(Make(ExprKind.Softmin, e)),
            8 => -Make(ExprKind.LogSoftmax, e),
            _ => Log(Make(ExprKind.Exp, e)),
        }));

    /// <summary>An argument for the softmax family: any vector, shifted, or scaled by a temperature.</summary>
    private static Gen<RandomExpression> SoftArgument(int depth)
        => Gen.Frequency((3, Vector(depth)), (3, Tempered(depth)));

    private static Gen<RandomExpression> Tempered(int depth)
        => Vector(System.Math.Min(depth, 2)).SelectMany(e => Gen.Elements(Shifts).SelectMany(c => Gen.Choose(0, 5).Select(k => k switch
        {
            0 => e + Const(c),
            1 => Const(c) - e,
            2 => Product(e, S),
            3 => Product(e + Const(c), S),
            4 => Quotient(e, S),
            _ => Product(e, Const(30f)),
        })));

    /// <summary>Patterns that use one subexpression twice, so adjoints must be summed over uses.</summary>
    private static Gen<RandomExpression> SharedPattern(int depth)
        => Vector(depth - 1).SelectMany(a => Gen.Choose(0, 8).Select(k => k switch
        {
            0 => a - Make(ExprKind.Mean, a),
            1 => Product(a, Make(ExprKind.Softmax, a)),
            2 => Quotient(a, Make(ExprKind.Sqrt, Make(ExprKind.Mean, Square(a)) + Const(1f))),
            3 => Product(a, Make(ExprKind.StopGradient, Make(ExprKind.Softmax, a))),
            4 => Make(ExprKind.Exp, a - Make(ExprKind.ReduceMax, a)),
            5 => a - Make(ExprKind.HandLogSumExp, a),
            6 => Product(a, Make(ExprKind.Sigmoid, a)),
            7 => Make(ExprKind.Softplus, a) - Make(ExprKind.Relu, a),
            _ => Product(Make(ExprKind.Tanh, a), a),
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
            (3, Scalar(depth - 1).SelectMany(a => Choice(UnaryKinds).Select(k => Unary(k.Kind, k.Pick, a)))),
            (3, Scalar(depth - 1).SelectMany(a => Scalar(depth - 1).SelectMany(b => Choice(BinaryKinds).Select(k => Binary(k.Kind, k.Pick, a, b))))));
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
                Fits(a.MagnitudeIn(Domain) * b.MagnitudeIn(Domain) * Domain.MaxLength) ? Make(ExprKind.Dot, a, b) : Make(ExprKind.Sum, a - b)))));

    private static Gen<RandomExpression> Loss(int depth)
        => Gen.Choose(0, 13).SelectMany(k => k switch
        {
            0 => SoftArgument(depth - 1).Select(e => Make(ExprKind.LogSumExp, e)),
            1 => SoftArgument(depth - 1).Select(e => Make(ExprKind.HandLogSumExp, e)),
            2 => Vector(depth - 1).SelectMany(e => Gen.Elements(S, S, Const(0.5f), Const(2f)).Select(t => HandLogSumExpTemp(e, t))),
            3 => SoftArgument(depth - 1).SelectMany(e => Target(depth - 1).Select(t => Make(ExprKind.CrossEntropy, e, t))),
            4 => Vector(depth - 1).SelectMany(a => Vector(depth - 1).Select(b => Mse(a, b))),
            5 => Vector(depth - 1).SelectMany(a => Vector(depth - 1).SelectMany(b => Delta().Select(d => Make(ExprKind.Huber, a, b, d)))),
            6 => SoftArgument(depth - 1).Select(e => -Make(ExprKind.Sum, Make(ExprKind.LogSoftmax, e))),
            7 => SoftArgument(depth - 1).Select(e => -Make(ExprKind.Sum, Product(Y, Log(Make(ExprKind.Softmax, e))))),
            8 => SoftArgument(depth - 1).SelectMany(e => Vector(depth - 1).Select(v => Make(ExprKind.Dot, Make(ExprKind.Softmax, e), Bounded(v)))),
            9 => SoftArgument(depth - 1).SelectMany(z => Target(depth - 1).Select(t => Make(ExprKind.BinaryCrossEntropy, z, t))),
            10 => SoftArgument(depth - 1).Select(z => -Make(ExprKind.Mean, Make(ExprKind.LogSigmoid, z))),
            11 => SoftArgument(depth - 1).Select(z => -Make(ExprKind.Sum, Make(ExprKind.HandLogSigmoid, z))),
            // Binary cross-entropy written out, with the target y.
            12 => SoftArgument(depth - 1).Select(z => -Make(ExprKind.Mean, Product(Y, Make(ExprKind.HandLogSigmoid, z))
                + Product(Const(1f) - Y, Make(ExprKind.HandLogOneMinusSigmoid, z)))),
            _ => SoftArgument(depth - 1).Select(e => Make(ExprKind.Mean, Make(ExprKind.HandSoftplus, e))),
        });

    /// <summary>A cross-entropy target: a probability vector, or any vector (the losses are defined for both).</summary>
    private static Gen<RandomExpression> Target(int depth)
        => Gen.Frequency(
            (2, Vector(depth).Select(v => Make(ExprKind.Softmax, v))),
            (2, Vector(depth).Select(v => Make(ExprKind.Sigmoid, v))),
            (1, Gen.Elements(Y, X)),
            (1, Vector(depth).Select(v => Make(ExprKind.Abs, Make(ExprKind.Tanh, v)))));

    /// <summary>A Huber threshold: a positive constant or a positive expression of s.</summary>
    private static Gen<RandomExpression> Delta()
        => Gen.Elements(Const(1f), Const(0.5f), Const(2f), Make(ExprKind.Abs, S) + Const(0.5f), Make(ExprKind.Square, S));

    // ---- Operations. ----

    private const int UnaryKinds = 21;

    /// <summary>
    /// A unary operation: 0 Neg, 1 Abs, 2 Square, 3 Exp, 4 Log, 5 Sqrt, 6 Log1p, 7 Expm1, 8 Sigmoid, 9 Softplus,
    /// 10 Tanh, 11 Relu, 12 LogSigmoid, 13 Log(1 + Exp(e)), 14 1 / (1 + Exp(-e)), 15 Log(Sigmoid(e)),
    /// 16 Log(1 - Sigmoid(e)), 17 Sqrt(Exp(e)), 18 Exp(e) - 1, 19 Log(1 + |e|), 20 Max(e, 0f).
    /// </summary>
    private static RandomExpression Unary(int kind, int pick, RandomExpression a) => kind switch
    {
        0 => Negate(a),
        1 => Make(ExprKind.Abs, a),
        2 => Square(a),
        3 => Make(ExprKind.Exp, a),
        4 => Log(Positive(pick, a)),
        5 => Sqrt(Positive(pick, a)),
        6 => Make(ExprKind.Log1p, NonNegative(pick, a)),
        7 => Make(ExprKind.Expm1, a),
        8 => Make(ExprKind.Sigmoid, a),
        9 => Make(ExprKind.Softplus, a),
        10 => Make(ExprKind.Tanh, a),
        11 => Make(ExprKind.Relu, a),
        12 => Make(ExprKind.LogSigmoid, a),
        13 => Log(Const(1f) + Make(ExprKind.Exp, a)),
        14 => Quotient(Const(1f), Const(1f) + Make(ExprKind.Exp, Negate(a))),
        15 => Log(Make(ExprKind.Sigmoid, a)),
        16 => Log(Const(1f) - Make(ExprKind.Sigmoid, a)),
        17 => Sqrt(Make(ExprKind.Exp, a)),
        18 => Make(ExprKind.Exp, a) - Const(1f),
        19 => Log(Const(1f) + Make(ExprKind.Abs, a)),
        _ => Make(ExprKind.Max, a, Const(0f)),
    };

    private const int BinaryKinds = 8;

    /// <summary>A binary operation: 0 Add, 1 Sub, 2 Mul, 3 Div, 4 Min, 5 Max, 6 Log(Exp(a) + Exp(b)), 7 Exp(a) * b.</summary>
    private static RandomExpression Binary(int kind, int pick, RandomExpression a, RandomExpression b) => kind switch
    {
        0 => a + b,
        1 => a - b,
        2 => Product(a, b),
        // A vector divided by a sum of exps (a softmax when the two are the same), or by something positive of b's shape.
        3 => Quotient(a, a.IsVector && b.IsVector && pick % 7 == 0 ? Make(ExprKind.Sum, Make(ExprKind.Exp, b)) : Positive(pick, b)),
        4 => Make(ExprKind.Min, a, b),
        5 => Make(ExprKind.Max, a, b),
        6 => Log(Make(ExprKind.Exp, a) + Make(ExprKind.Exp, b)),
        _ => Product(Make(ExprKind.Exp, a), b),
    };

    /// <summary>An operation kind below <paramref name="kinds"/>, and a number that picks among its variants.</summary>
    private static Gen<(int Kind, int Pick)> Choice(int kinds)
        => Gen.Choose(0, kinds - 1).SelectMany(k => Gen.Choose(0, 59).Select(p => (k, p)));

    /// <summary>
    /// Something positive in exact arithmetic made of <paramref name="a"/>, of its shape, chosen by
    /// <paramref name="pick"/>: an argument of Log and Sqrt and a divisor.
    /// </summary>
    private static RandomExpression Positive(int pick, RandomExpression a) => (pick % 10) switch
    {
        0 or 1 => Make(ExprKind.Abs, a) + Const(1f),
        2 => Square(a) + Const(1f),
        3 => Make(ExprKind.Exp, a),
        4 => Make(ExprKind.Sigmoid, a),
        5 => Make(ExprKind.Softplus, a),
        6 => Const(1f) + Make(ExprKind.Exp, a),
        7 => Const(1f) - Make(ExprKind.Sigmoid, a),
        8 => Make(ExprKind.Exp, a) + Make(ExprKind.Exp, Negate(a)),
        _ => a.IsVector ? Make(ExprKind.Softmax, a) : Square(a) + Const(1f),
    };

    /// <summary>Something at least 0 made of <paramref name="a"/>: an argument of Log1p.</summary>
    private static RandomExpression NonNegative(int pick, RandomExpression a) => (pick % 6) switch
    {
        0 => Make(ExprKind.Abs, a),
        1 => Square(a),
        2 => Make(ExprKind.Exp, a),
        3 => Make(ExprKind.Sigmoid, a),
        4 => Make(ExprKind.Softplus, a),
        _ => Make(ExprKind.Relu, a),
    };

    // ---- Guarded constructions. ----

    private static bool Fits(double bound) => bound <= Limit;

    /// <summary>a * b, or a + b where the product could overflow by multiplication alone.</summary>
    private static RandomExpression Product(RandomExpression a, RandomExpression b)
        => Fits(a.MagnitudeIn(Domain) * b.MagnitudeIn(Domain)) ? a * b : a + b;

    /// <summary>a / b for a positive b (or s), or a / (Abs(b) + 1) where the quotient could overflow by division alone.</summary>
    private static RandomExpression Quotient(RandomExpression a, RandomExpression b)
    {
        var q = Recognize(a / b);
        return Fits(q.MagnitudeIn(Domain)) ? q : Recognize(a / (Make(ExprKind.Abs, b) + Const(1f)));
    }

    private static RandomExpression Square(RandomExpression a)
        => Fits(a.MagnitudeIn(Domain) * a.MagnitudeIn(Domain)) ? Make(ExprKind.Square, a) : Make(ExprKind.Abs, a);

    private static RandomExpression Mse(RandomExpression a, RandomExpression b)
        => Fits(System.Math.Pow(a.MagnitudeIn(Domain) + b.MagnitudeIn(Domain), 2)) ? Make(ExprKind.Mse, a, b) : Make(ExprKind.Mean, Make(ExprKind.Abs, a - b));

    /// <summary>A factor for a softmax-weighted sum: v itself, or its tanh where v could be huge.</summary>
    private static RandomExpression Bounded(RandomExpression v) => Fits(v.MagnitudeIn(Domain)) ? v : Make(ExprKind.Tanh, v);

    private static RandomExpression HandLogSumExpTemp(RandomExpression e, RandomExpression t)
        => Fits(e.MagnitudeIn(Domain) * t.MagnitudeIn(Domain)) ? Make(ExprKind.HandLogSumExpTemp, e, t) : Make(ExprKind.HandLogSumExp, e);

    /// <summary>-a, folded for a constant as C# (and the parser) fold a negative literal.</summary>
    private static RandomExpression Negate(RandomExpression a) => a.Kind == ExprKind.Const ? Const(-a.Value) : -a;

    private static RandomExpression Log(RandomExpression a) => Recognize(Make(ExprKind.Log, a));

    private static RandomExpression Sqrt(RandomExpression a) => Recognize(Make(ExprKind.Sqrt, a));
}
