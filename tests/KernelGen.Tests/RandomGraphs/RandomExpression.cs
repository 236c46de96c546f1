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

    // Elementwise binary (a scalar operand broadcasts).
    Add, Sub, Mul, Div, Min, Max,

    // Reductions.
    Sum, ReduceMax, ReduceMin, Mean, Dot,

    // Library composites.
    Softmax, LogSoftmax, Softmin, LogSumExp, CrossEntropy, Mse, Huber,

    // The same functions written out by hand (rendered as the textbook formula the stability rewrites must recognize).
    HandSoftmax,        // Exp(e) / Sum(Exp(e))
    HandLogSoftmax,     // Log((Exp(e) / Sum(Exp(e))))
    HandLogSumExp,      // Log(Sum(Exp(e)))
    HandLogSumExpTemp,  // Log(Sum(Exp(e * t))) / t
    LogOfExp,           // Log(Exp(e))
}

/// <summary>
/// A random kernel expression over the kernel parameters <c>Vec x, Vec y, float s</c>. It renders itself as
/// source in the kernel language (<see cref="ToSource"/>) and is evaluated, independently of the generator, by
/// <see cref="Oracle"/> in double. Each node also carries a static interval that contains every value it can
/// take for inputs in the test's domain (|x|, |y| &lt;= 3, 0.5 &lt;= |s| &lt;= 2, length &lt;= 100); the
/// generators use it to keep graphs in a range where float and double are both finite.
/// </summary>
public sealed class RandomExpression
{
    /// <summary>Bound on |x| and |y| of the test inputs.</summary>
    public const double InputBound = 3;
    /// <summary>Range of |s|: the temperature of the hand-written log-sum-exp divides by it.</summary>
    public const double ScalarMin = 0.5, ScalarMax = 2;
    /// <summary>Largest vector length the tests use (the interval of a Sum scales with it).</summary>
    public const int MaxLength = 100;

    private string? _source;

    private RandomExpression(ExprKind kind, float value, RandomExpression[] args)
    {
        Kind = kind;
        Value = value;
        Args = args;
        IsVector = ComputeIsVector();
        (Lo, Hi) = ComputeInterval();
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
    /// <summary>Static bounds of every value this node takes in the test domain.</summary>
    public double Lo { get; }
    public double Hi { get; }
    /// <summary>Largest magnitude this node can take in the test domain.</summary>
    public double Magnitude => System.Math.Max(System.Math.Abs(Lo), System.Math.Abs(Hi));
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
                or ExprKind.Dot or ExprKind.CrossEntropy or ExprKind.Mse or ExprKind.HandLogSumExpTemp => 2,
            ExprKind.Huber => 3,
            _ => 1,
        };
        if (args.Length != arity) throw new ArgumentException($"{kind} takes {arity} operands, not {args.Length}.");
        bool[] mustBeVector = kind switch
        {
            ExprKind.Sum or ExprKind.ReduceMax or ExprKind.ReduceMin or ExprKind.Mean or ExprKind.Softmax or ExprKind.LogSoftmax
                or ExprKind.Softmin or ExprKind.LogSumExp or ExprKind.HandSoftmax or ExprKind.HandLogSoftmax or ExprKind.HandLogSumExp
                => new[] { true },
            ExprKind.Dot or ExprKind.CrossEntropy or ExprKind.Mse => new[] { true, true },
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
            or ExprKind.CrossEntropy or ExprKind.Mse or ExprKind.Huber or ExprKind.HandLogSumExp or ExprKind.HandLogSumExpTemp => false,
        ExprKind.Softmax or ExprKind.LogSoftmax or ExprKind.Softmin or ExprKind.HandSoftmax or ExprKind.HandLogSoftmax => true,
        ExprKind.Add or ExprKind.Sub or ExprKind.Mul or ExprKind.Div or ExprKind.Min or ExprKind.Max => Args[0].IsVector || Args[1].IsVector,
        _ => Args[0].IsVector,
    };

    // ---- Static interval (interval arithmetic over the test domain; loose but sound). ----

    private (double Lo, double Hi) ComputeInterval()
    {
        const double LogN = 4.6051701859880918; // ln(MaxLength)
        double n = MaxLength;
        switch (Kind)
        {
            case ExprKind.X:
            case ExprKind.Y:
                return (-InputBound, InputBound);
            case ExprKind.S:
                return (-ScalarMax, ScalarMax);
            case ExprKind.Const:
                return (Value, Value);
            case ExprKind.Neg:
                return (-A.Hi, -A.Lo);
            case ExprKind.Exp:
                return (System.Math.Exp(A.Lo), System.Math.Exp(A.Hi));
            case ExprKind.Log:
                // Only applied to positive things by the generators; a Softmax argument gives log(p) in [lo - hi - ln n, 0].
                if (A.Kind is ExprKind.Softmax or ExprKind.HandSoftmax or ExprKind.Softmin) return LogSoftmaxInterval(A.A);
                return (A.Lo > 0 ? System.Math.Log(A.Lo) : double.NegativeInfinity, System.Math.Log(System.Math.Max(A.Hi, double.Epsilon)));
            case ExprKind.Abs:
                return A.Lo >= 0 ? (A.Lo, A.Hi) : A.Hi <= 0 ? (-A.Hi, -A.Lo) : (0, System.Math.Max(-A.Lo, A.Hi));
            case ExprKind.Sqrt:
                return (System.Math.Sqrt(System.Math.Max(A.Lo, 0)), System.Math.Sqrt(System.Math.Max(A.Hi, 0)));
            case ExprKind.Square:
            {
                var abs = A.Lo >= 0 ? (A.Lo, A.Hi) : A.Hi <= 0 ? (-A.Hi, -A.Lo) : (0, System.Math.Max(-A.Lo, A.Hi));
                return (abs.Item1 * abs.Item1, abs.Item2 * abs.Item2);
            }
            case ExprKind.StopGradient:
            case ExprKind.LogOfExp:
                return (A.Lo, A.Hi);
            case ExprKind.Add:
                return (A.Lo + B.Lo, A.Hi + B.Hi);
            case ExprKind.Sub:
                return (A.Lo - B.Hi, A.Hi - B.Lo);
            case ExprKind.Mul:
                return Hull(A.Lo * B.Lo, A.Lo * B.Hi, A.Hi * B.Lo, A.Hi * B.Hi);
            case ExprKind.Div:
                if (B.Lo > 0 || B.Hi < 0)
                    return Hull(A.Lo / B.Lo, A.Lo / B.Hi, A.Hi / B.Lo, A.Hi / B.Hi);
                return (double.NegativeInfinity, double.PositiveInfinity);
            case ExprKind.Min:
                return (System.Math.Min(A.Lo, B.Lo), System.Math.Min(A.Hi, B.Hi));
            case ExprKind.Max:
                return (System.Math.Max(A.Lo, B.Lo), System.Math.Max(A.Hi, B.Hi));
            case ExprKind.Sum:
                return (System.Math.Min(A.Lo, n * A.Lo), System.Math.Max(A.Hi, n * A.Hi));
            case ExprKind.ReduceMax:
            case ExprKind.ReduceMin:
            case ExprKind.Mean:
                return (A.Lo, A.Hi);
            case ExprKind.Dot:
            {
                var p = Hull(A.Lo * B.Lo, A.Lo * B.Hi, A.Hi * B.Lo, A.Hi * B.Hi);
                return (System.Math.Min(p.Lo, n * p.Lo), System.Math.Max(p.Hi, n * p.Hi));
            }
            case ExprKind.Softmax:
            case ExprKind.Softmin:
            case ExprKind.HandSoftmax:
                return (0, 1);
            case ExprKind.LogSoftmax:
            case ExprKind.HandLogSoftmax:
                return LogSoftmaxInterval(A);
            case ExprKind.LogSumExp:
            case ExprKind.HandLogSumExp:
                return (A.Lo, A.Hi + LogN);
            case ExprKind.HandLogSumExpTemp:
            {
                // (max(e t) + log(sum)) / t: |.| <= (|e| |t| + ln n) / |t|min.
                double tMin = B.Kind == ExprKind.S ? ScalarMin : System.Math.Min(System.Math.Abs(B.Lo), System.Math.Abs(B.Hi));
                double bound = (A.Magnitude * B.Magnitude + LogN) / tMin;
                return (-bound, bound);
            }
            case ExprKind.CrossEntropy:
            {
                var ls = LogSoftmaxInterval(A);
                double bound = n * B.Magnitude * System.Math.Max(System.Math.Abs(ls.Item1), System.Math.Abs(ls.Item2));
                return (-bound, bound);
            }
            case ExprKind.Mse:
            {
                double d = A.Magnitude + B.Magnitude;
                return (0, d * d);
            }
            case ExprKind.Huber:
            {
                double d = A.Magnitude + B.Magnitude;
                return (0, System.Math.Max(0.5 * d * d, C.Magnitude * d));
            }
            default:
                throw new InvalidOperationException(Kind.ToString());
        }
    }

    private static (double, double) LogSoftmaxInterval(RandomExpression e) => (e.Lo - e.Hi - 4.6051701859880918, 0);

    private static (double Lo, double Hi) Hull(double a, double b, double c, double d)
        => (System.Math.Min(System.Math.Min(a, b), System.Math.Min(c, d)), System.Math.Max(System.Math.Max(a, b), System.Math.Max(c, d)));

    // ---- Parsing (kernel-language text back into an expression, for hand-written cases). ----

    /// <summary>
    /// Parses a kernel body written in the kernel language over <c>x</c>, <c>y</c> and <c>s</c> (operators, float
    /// literals and the Ops calls this model knows). Hand-written softmax and log-sum-exp parse as the plain
    /// operations they are made of, which the oracle evaluates as written.
    /// </summary>
    public static RandomExpression Parse(string text) => new Parser(text).ParseAll();

    private sealed class Parser
    {
        private readonly string _text;
        private int _pos;

        public Parser(string text) => _text = text;

        public RandomExpression ParseAll()
        {
            var e = Additive();
            Skip();
            if (_pos != _text.Length) throw Error("unexpected text");
            return e;
        }

        private RandomExpression Additive()
        {
            var e = Multiplicative();
            while (true)
            {
                if (Eat('+')) e = e + Multiplicative();
                else if (Eat('-')) e = e - Multiplicative();
                else return e;
            }
        }

        private RandomExpression Multiplicative()
        {
            var e = Unary();
            while (true)
            {
                if (Eat('*')) e = e * Unary();
                else if (Eat('/')) e = Recognize(e / Unary());
                else return e;
            }
        }

        private RandomExpression Unary()
        {
            if (Eat('-'))
            {
                var operand = Unary();
                // A negative literal is one constant, as C# folds it.
                return operand.Kind == ExprKind.Const ? Const(-operand.Value) : -operand;
            }
            return Primary();
        }

        private RandomExpression Primary()
        {
            Skip();
            if (Eat('('))
            {
                var inner = Additive();
                Expect(')');
                return inner;
            }
            if (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.'))
            {
                int start = _pos;
                while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] is '.' or 'E' or 'e'
                           || (_text[_pos] is '+' or '-' && _text[_pos - 1] is 'E' or 'e'))) _pos++;
                float value = float.Parse(_text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
                if (_pos < _text.Length && _text[_pos] is 'f' or 'F') _pos++;
                return Const(value);
            }
            int nameStart = _pos;
            while (_pos < _text.Length && char.IsLetter(_text[_pos])) _pos++;
            string name = _text.Substring(nameStart, _pos - nameStart);
            switch (name)
            {
                case "x": return X;
                case "y": return Y;
                case "s": return S;
                case "": throw Error("expected an operand");
            }
            Expect('(');
            var args = new List<RandomExpression> { Additive() };
            while (Eat(',')) args.Add(Additive());
            Expect(')');
            var a = args.ToArray();
            return Recognize((name, a.Length) switch
            {
                ("Min", 1) => Make(ExprKind.ReduceMin, a),
                ("Max", 1) => Make(ExprKind.ReduceMax, a),
                ("Min", 2) => Make(ExprKind.Min, a),
                ("Max", 2) => Make(ExprKind.Max, a),
                _ when Enum.TryParse<ExprKind>(name, out var kind) && kind is >= ExprKind.Neg and <= ExprKind.Huber && kind is not (ExprKind.Add or ExprKind.Sub or ExprKind.Mul or ExprKind.Div or ExprKind.Neg or ExprKind.ReduceMax or ExprKind.ReduceMin)
                    => Make(kind, a),
                _ => throw Error($"unknown function {name}/{a.Length}"),
            });
        }

        /// <summary>
        /// The hand-written forms of softmax, log-sum-exp (with a temperature) and log(exp(e)) as the nodes that
        /// stand for them, so the oracle evaluates them stably (their text is unchanged).
        /// </summary>
        private static RandomExpression Recognize(RandomExpression e)
        {
            static bool Same(RandomExpression a, RandomExpression b) => a.ToSource() == b.ToSource();
            switch (e.Kind)
            {
                case ExprKind.Div when e.A.Kind == ExprKind.Exp && e.A.A.IsVector && e.B.Kind == ExprKind.Sum
                                       && e.B.A.Kind == ExprKind.Exp && Same(e.A.A, e.B.A.A):
                    return Make(ExprKind.HandSoftmax, e.A.A);
                case ExprKind.Div when e.A.Kind == ExprKind.HandLogSumExp && e.A.A.Kind == ExprKind.Mul
                                       && !e.A.A.B.IsVector && Same(e.A.A.B, e.B):
                    return Make(ExprKind.HandLogSumExpTemp, e.A.A.A, e.B);
                case ExprKind.Log when e.A.Kind == ExprKind.Sum && e.A.A.Kind == ExprKind.Exp:
                    return Make(ExprKind.HandLogSumExp, e.A.A.A);
                case ExprKind.Log when e.A.Kind == ExprKind.Exp:
                    return Make(ExprKind.LogOfExp, e.A.A);
                default:
                    return e;
            }
        }

        private void Skip()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        }

        private bool Eat(char c)
        {
            Skip();
            if (_pos < _text.Length && _text[_pos] == c)
            {
                _pos++;
                return true;
            }
            return false;
        }

        private void Expect(char c)
        {
            if (!Eat(c)) throw Error($"expected '{c}'");
        }

        private FormatException Error(string what) => new($"{what} at {_pos} in: {_text}");
    }

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
        bool infix = Kind is ExprKind.Add or ExprKind.Sub or ExprKind.Mul or ExprKind.Div or ExprKind.Neg or ExprKind.HandSoftmax or ExprKind.HandLogSumExpTemp;
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
