using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>The node kinds of a random kernel expression.</summary>
public enum ExprKind
{
    // Leaves.
    X, Y, S, Const,

    // Elementwise unary (vector or scalar, same shape out).
    Neg, Exp, Log, Abs, Sqrt, Square, StopGradient,
    Log1p, Expm1, Sigmoid, Softplus, Tanh, Relu, LogSigmoid,

    // Elementwise binary (a scalar operand broadcasts).
    Add, Sub, Mul, Div, Min, Max,

    // Reductions.
    Sum, ReduceMax, ReduceMin, Mean, Dot,

    // Library composites.
    Softmax, LogSoftmax, Softmin, LogSumExp, CrossEntropy, Mse, Huber,
    BinaryCrossEntropy, // mean over i of softplus(z) - t z, on logits z

    // The same functions written out by hand (rendered as the textbook formula the stability rewrites must recognize).
    HandSoftmax,        // Exp(e) / Sum(Exp(e))
    HandLogSoftmax,     // Log((Exp(e) / Sum(Exp(e))))
    HandLogSumExp,      // Log(Sum(Exp(e)))
    HandLogSumExpTemp,  // Log(Sum(Exp(e * t))) / t
    LogOfExp,           // Log(Exp(e))
    HandSoftplus,       // Log((1f + Exp(e)))
    HandSigmoid,        // (1f / (1f + Exp((-e))))
    HandLogSigmoid,     // Log(Sigmoid(e))
    HandLogOneMinusSigmoid, // Log((1f - Sigmoid(e)))
}

/// <summary>
/// A random kernel expression over the kernel parameters <c>Vec x, Vec y, float s</c>. It renders itself as
/// source in the kernel language (<see cref="ToSource"/>) and is evaluated, independently of the generator, by
/// <see cref="Oracle"/> in double. Each node also carries a static interval that contains every value it can
/// take for inputs in the safe test domain (<see cref="InputDomain.Safe"/>: |x|, |y| &lt;= 3, 0.5 &lt;= |s| &lt;= 2,
/// length &lt;= 100), and computes one for the adversarial domain on demand (<see cref="Bounds"/>); the generators
/// use them to keep graphs in a range where float and double are both finite.
/// </summary>
public sealed partial class RandomExpression
{
    private string? _source;
    private (double Lo, double Hi)? _adversarial;

    private RandomExpression(ExprKind kind, float value, RandomExpression[] args)
    {
        Kind = kind;
        Value = value;
        Args = args;
        IsVector = ComputeIsVector();
        (Lo, Hi) = ExpressionBounds.Compute(this, InputDomain.Safe, a => (a.Lo, a.Hi));
        int count = 1;
        int depth = 0;
        foreach (var a in args)
        {
            count += a.NodeCount;
            depth = System.Math.Max(depth, a.Depth);
        }
        NodeCount = count;
        Depth = depth + (args.Length > 0 ? 1 : 0);
    }

    public ExprKind Kind { get; }
    /// <summary>The constant of a <see cref="ExprKind.Const"/> leaf.</summary>
    public float Value { get; }
    public RandomExpression[] Args { get; }
    public bool IsVector { get; }
    /// <summary>Static bounds of every value this node takes in the safe test domain.</summary>
    public double Lo { get; }
    public double Hi { get; }
    /// <summary>Largest magnitude this node can take in the safe test domain.</summary>
    public double Magnitude => System.Math.Max(System.Math.Abs(Lo), System.Math.Abs(Hi));

    /// <summary>Static bounds of this node in <paramref name="domain"/> (see <see cref="ExpressionBounds"/>).</summary>
    public (double Lo, double Hi) Bounds(InputDomain domain)
    {
        if (domain == InputDomain.Safe) return (Lo, Hi);
        if (domain == InputDomain.Adversarial) return _adversarial ??= ExpressionBounds.Compute(this, domain, a => a.Bounds(domain));
        return ExpressionBounds.Compute(this, domain, a => a.Bounds(domain));
    }

    /// <summary>Largest magnitude this node can take in <paramref name="domain"/>.</summary>
    public double MagnitudeIn(InputDomain domain)
    {
        var (lo, hi) = Bounds(domain);
        return System.Math.Max(System.Math.Abs(lo), System.Math.Abs(hi));
    }
    public int NodeCount { get; }
    public int Depth { get; }

    public RandomExpression A => Args[0];
    public RandomExpression B => Args[1];
    public RandomExpression C => Args[2];

    // ---- Construction. ----

    public static readonly RandomExpression X = new(ExprKind.X, 0, Array.Empty<RandomExpression>());
    public static readonly RandomExpression Y = new(ExprKind.Y, 0, Array.Empty<RandomExpression>());
    public static readonly RandomExpression S = new(ExprKind.S, 0, Array.Empty<RandomExpression>());

    public static RandomExpression Const(float value) => new(ExprKind.Const, value, Array.Empty<RandomExpression>());

    public static RandomExpression Make(ExprKind kind, params RandomExpression[] args)
    {
        int arity = kind switch
        {
            ExprKind.X or ExprKind.Y or ExprKind.S or ExprKind.Const => 0,
            ExprKind.Add or ExprKind.Sub or ExprKind.Mul or ExprKind.Div or ExprKind.Min or ExprKind.Max
                or ExprKind.Dot or ExprKind.CrossEntropy or ExprKind.Mse or ExprKind.HandLogSumExpTemp
                or ExprKind.BinaryCrossEntropy => 2,
            ExprKind.Huber => 3,
            _ => 1,
        };
        if (args.Length != arity) throw new ArgumentException($"{kind} takes {arity} operands, not {args.Length}.");
        bool[] mustBeVector = kind switch
        {
            ExprKind.Sum or ExprKind.ReduceMax or ExprKind.ReduceMin or ExprKind.Mean or ExprKind.Softmax or ExprKind.LogSoftmax
                or ExprKind.Softmin or ExprKind.LogSumExp or ExprKind.HandSoftmax or ExprKind.HandLogSoftmax or ExprKind.HandLogSumExp
                => new[] { true },
            ExprKind.Dot or ExprKind.CrossEntropy or ExprKind.Mse or ExprKind.BinaryCrossEntropy => new[] { true, true },
            ExprKind.Huber => new[] { true, true, false },
            ExprKind.HandLogSumExpTemp => new[] { true, false },
            _ => new bool[args.Length],
        };
        for (int i = 0; i < args.Length; i++)
        {
            if (mustBeVector[i] && !args[i].IsVector) throw new ArgumentException($"Operand {i} of {kind} must be a vector.");
            if (!mustBeVector[i] && kind is ExprKind.Huber or ExprKind.HandLogSumExpTemp && args[i].IsVector)
                throw new ArgumentException($"Operand {i} of {kind} must be a scalar.");
        }
        return new RandomExpression(kind, 0, args);
    }

    public static RandomExpression operator +(RandomExpression a, RandomExpression b) => Make(ExprKind.Add, a, b);
    public static RandomExpression operator -(RandomExpression a, RandomExpression b) => Make(ExprKind.Sub, a, b);
    public static RandomExpression operator *(RandomExpression a, RandomExpression b) => Make(ExprKind.Mul, a, b);
    public static RandomExpression operator /(RandomExpression a, RandomExpression b) => Make(ExprKind.Div, a, b);
    public static RandomExpression operator -(RandomExpression a) => Make(ExprKind.Neg, a);

    private bool ComputeIsVector() => Kind switch
    {
        ExprKind.X or ExprKind.Y => true,
        ExprKind.S or ExprKind.Const => false,
        ExprKind.Sum or ExprKind.ReduceMax or ExprKind.ReduceMin or ExprKind.Mean or ExprKind.Dot or ExprKind.LogSumExp
            or ExprKind.CrossEntropy or ExprKind.Mse or ExprKind.Huber or ExprKind.HandLogSumExp or ExprKind.HandLogSumExpTemp
            or ExprKind.BinaryCrossEntropy => false,
        ExprKind.Softmax or ExprKind.LogSoftmax or ExprKind.Softmin or ExprKind.HandSoftmax or ExprKind.HandLogSoftmax => true,
        ExprKind.Add or ExprKind.Sub or ExprKind.Mul or ExprKind.Div or ExprKind.Min or ExprKind.Max => Args[0].IsVector || Args[1].IsVector,
        _ => Args[0].IsVector,
    };

    // ---- Rendering. ----

    /// <summary>The expression in the kernel language (every binary operation parenthesized).</summary>
    public string ToSource()
    {
        if (_source is null)
        {
            var sb = new StringBuilder();
            Render(sb);
            _source = sb.ToString();
        }
        return _source;
    }

    /// <summary>The expression as a kernel body: <see cref="ToSource"/> without the redundant outermost parentheses.</summary>
    public string ToBodySource()
    {
        string source = ToSource();
        bool infix = Kind is ExprKind.Add or ExprKind.Sub or ExprKind.Mul or ExprKind.Div or ExprKind.Neg or ExprKind.HandSoftmax
            or ExprKind.HandLogSumExpTemp or ExprKind.HandSigmoid;
        return infix ? source.Substring(1, source.Length - 2) : source;
    }

    public override string ToString() => ToSource();

    /// <summary>Evaluates the expression in double with the <see cref="Oracle"/>.</summary>
    public OracleRun Evaluate(double[] x, double[] y, double s) => Oracle.Evaluate(this, x, y, s);

    private void Render(StringBuilder sb)
    {
        switch (Kind)
        {
            case ExprKind.X: sb.Append('x'); return;
            case ExprKind.Y: sb.Append('y'); return;
            case ExprKind.S: sb.Append('s'); return;
            case ExprKind.Const: sb.Append(FormatConstant(Value)); return;
            case ExprKind.Neg: sb.Append("(-"); A.Render(sb); sb.Append(')'); return;
            case ExprKind.Add: Infix(sb, " + "); return;
            case ExprKind.Sub: Infix(sb, " - "); return;
            case ExprKind.Mul: Infix(sb, " * "); return;
            case ExprKind.Div: Infix(sb, " / "); return;
            case ExprKind.HandSoftmax:
                sb.Append("(Exp("); A.Render(sb); sb.Append(") / Sum(Exp("); A.Render(sb); sb.Append(")))");
                return;
            case ExprKind.HandLogSoftmax:
                sb.Append("Log((Exp("); A.Render(sb); sb.Append(") / Sum(Exp("); A.Render(sb); sb.Append("))))");
                return;
            case ExprKind.HandLogSumExp:
                sb.Append("Log(Sum(Exp("); A.Render(sb); sb.Append(")))");
                return;
            case ExprKind.HandLogSumExpTemp:
                sb.Append("(Log(Sum(Exp(("); A.Render(sb); sb.Append(" * "); B.Render(sb); sb.Append(")))) / "); B.Render(sb); sb.Append(')');
                return;
            case ExprKind.LogOfExp:
                sb.Append("Log(Exp("); A.Render(sb); sb.Append("))");
                return;
            case ExprKind.HandSoftplus:
                sb.Append("Log((1f + Exp("); A.Render(sb); sb.Append(")))");
                return;
            case ExprKind.HandSigmoid:
                sb.Append("(1f / (1f + Exp((-"); A.Render(sb); sb.Append("))))");
                return;
            case ExprKind.HandLogSigmoid:
                sb.Append("Log(Sigmoid("); A.Render(sb); sb.Append("))");
                return;
            case ExprKind.HandLogOneMinusSigmoid:
                sb.Append("Log((1f - Sigmoid("); A.Render(sb); sb.Append(")))");
                return;
        }

        string name = Kind switch
        {
            ExprKind.ReduceMax => "Max",
            ExprKind.ReduceMin => "Min",
            _ => Kind.ToString(),
        };
        sb.Append(name).Append('(');
        for (int i = 0; i < Args.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            Args[i].Render(sb);
        }
        sb.Append(')');
    }

    private void Infix(StringBuilder sb, string op)
    {
        sb.Append('(');
        A.Render(sb);
        sb.Append(op);
        B.Render(sb);
        sb.Append(')');
    }

    private static string FormatConstant(float value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture) + "f";
        return value < 0 ? "(" + text + ")" : text;
    }
}
