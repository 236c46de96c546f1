using KernelGen.Tests.Infrastructure;
using System;
using System.Collections.Generic;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>A value of the oracle: a vector, or a scalar (one element), with a bound on the error of a float evaluation.</summary>
public sealed class OracleValue
{
    public OracleValue(double[] values, double[] errors, bool isVector, double shift = 0, bool uniform = false)
    {
        Values = values;
        Errors = errors;
        IsVector = isVector;
        Uniform = !isVector || uniform;
        Shift = !isVector ? 0 : Uniform ? Max(errors) : shift;
    }

    /// <summary>
    /// A vector whose elements are all computed the same way from the same values (a broadcast scalar and what is
    /// computed from it elementwise): float gives every element the same value, so its error is one common shift.
    /// </summary>
    public bool Uniform { get; }

    private static double Max(double[] values)
    {
        double m = 0;
        foreach (double v in values) m = System.Math.Max(m, v);
        return m;
    }

    public double[] Values { get; }
    /// <summary>First-order bound on the absolute error of a float32 evaluation of the same value (see <see cref="Oracle"/>).</summary>
    public double[] Errors { get; }
    /// <summary>
    /// The part of every element's error bound that is one common shift of the whole vector (a broadcast scalar's
    /// error added to every element); a softmax or a subtracted max does not see it.
    /// </summary>
    public double Shift { get; }
    public bool IsVector { get; }
    public int Length => Values.Length;
    public double Scalar => Values[0];

    public double this[int i] => IsVector ? Values[i] : Values[0];
    public double Err(int i) => IsVector ? Errors[i] : Errors[0];
}

/// <summary>The gradient of an oracle evaluation by reverse accumulation, with bounds on the error of a float32 evaluation of it.</summary>
public sealed record OracleGradient(double[] Dx, double[] DxError, double[] Dy, double[] DyError, double Ds, double DsError);

/// <summary>What one oracle evaluation found besides the value.</summary>
public sealed class OracleRun
{
    private readonly Oracle _oracle;

    internal OracleRun(Oracle oracle, OracleValue result)
    {
        _oracle = oracle;
        Result = result;
    }

    public OracleValue Result { get; }
    /// <summary>The largest absolute intermediate value seen (and, for reductions, the largest sum of absolute terms).</summary>
    public double MaxMagnitude => _oracle.MaxMagnitude;
    /// <summary>A hash of every branch taken (which operand Min/Max chose, the sign Abs saw, which element a reduction picked).</summary>
    public ulong BranchSignature => _oracle.Signature;
    /// <summary>Branches whose two sides are closer than float rounding can resolve, where float may pick the other side.</summary>
    public int FragileDecisions => _oracle.Fragile;
    /// <summary>The value of every StopGradient node, to hold fixed when differentiating numerically.</summary>
    public IReadOnlyDictionary<RandomExpression, OracleValue> StopGradientValues => _oracle.StopGradientValues;

    /// <summary>
    /// The gradient of the result (of &lt;<paramref name="w"/>, result&gt; for a vector result) with respect to x, y
    /// and s, by reverse accumulation over the recorded operations, each with a first-order bound on the rounding
    /// error of the same gradient computed in float32.
    /// </summary>
    public OracleGradient Backward(double[]? w) => _oracle.Backward(Result, w);
}

/// <summary>
/// The float64 oracle: evaluates a <see cref="RandomExpression"/> with textbook formulas in double, written
/// independently of the generator. Composites such as softmax use the usual max shift, the activations their stable
/// forms (softplus as max(v, 0) + log1p(exp(-|v|)), sigmoid with an exp of a value at most 0, log-sigmoid as
/// -softplus(-v), see <see cref="StableMath"/>), and the hand-written forms the parser recognizes are evaluated as
/// what they equal (log(1 + exp(v)) as softplus), so the oracle stays exact where double's own exp overflows.
/// </summary>
/// <remarks>
/// <para>Alongside each value it propagates a first-order bound on the rounding error a float32 evaluation of the
/// same formula makes (running error analysis, as in Higham, "Accuracy and Stability of Numerical Algorithms",
/// ch. 3): every float operation contributes u |result| (u = 2^-24; exp and log, accurate to 2 ulp, contribute 2u),
/// and input errors propagate through the operation's derivative: e(a + b) = e(a) + e(b), e(a b) = |b| e(a) + |a| e(b),
/// e(exp a) = exp(a) e(a), e(log a) = e(a) / a, a sum of n terms adds (n/16 + 12) u sum |terms| for its blocked,
/// 4x8-lane accumulation order, and so on. The bound is what the forward tolerance scales with: it is tight where
/// the computation is well conditioned and generous exactly where cancellation or a large shift makes float lose
/// digits.</para>
/// <para>Every primitive operation is also recorded, so <see cref="OracleRun.Backward"/> can run reverse
/// accumulation over it and bound the float rounding of the gradient the same way: a contribution c = adj * J
/// carries |J| e(adj) + |adj| e(J) + u |c|, where e(J) comes from the forward errors of the values J is made of,
/// and every accumulation or broadcast sum adds the rounding of a sum. That bound, not the gradient (which the tests
/// take from central differences), scales the gradient tolerance.</para>
/// </remarks>
public sealed class Oracle
{
    /// <summary>Unit roundoff of float32.</summary>
    public const double U = 5.9604644775390625e-8;
    /// <summary>Absolute error allowed per operation for results in or near the denormal range.</summary>
    private const double Tiny = 1e-36;

    private enum TapeOp { X, Y, S, Neg, Exp, Log, Abs, Sqrt, Square, Add, Sub, Mul, Div, Select, Sum, Pick, Log1p, Expm1, Sigmoid, Softplus, Tanh }

    /// <summary>One recorded operation. <paramref name="Mask"/>: for Select, where the first operand was chosen; for Pick, the elements that attain the extreme, <paramref name="Count"/> of them.</summary>
    private readonly record struct TapeEntry(TapeOp Op, OracleValue Output, OracleValue? A, OracleValue? B, bool[]? Mask, int Count);

    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double _s;
    private readonly int _n;
    private readonly IReadOnlyDictionary<RandomExpression, OracleValue>? _frozen;
    private readonly Dictionary<RandomExpression, OracleValue> _stopGradient = new(ReferenceEqualityComparer.Instance);
    private readonly List<TapeEntry>? _tape;

    private Oracle(double[] x, double[] y, double s, IReadOnlyDictionary<RandomExpression, OracleValue>? frozen, bool record)
    {
        _x = x;
        _y = y;
        _s = s;
        _n = x.Length;
        _frozen = frozen;
        _tape = record ? new List<TapeEntry>() : null;
    }

    internal double MaxMagnitude { get; private set; }
    internal ulong Signature { get; private set; } = 1469598103934665603UL;
    internal int Fragile { get; private set; }
    internal IReadOnlyDictionary<RandomExpression, OracleValue> StopGradientValues => _stopGradient;

    /// <summary>
    /// Evaluates <paramref name="expression"/>. With <paramref name="frozen"/> (the StopGradient values of an
    /// earlier run), StopGradient nodes return those values instead of following the inputs, which is what
    /// the generated gradient differentiates. <paramref name="record"/> keeps the operations for
    /// <see cref="OracleRun.Backward"/> (finite differences do not need them).
    /// </summary>
    public static OracleRun Evaluate(RandomExpression expression, double[] x, double[] y, double s,
        IReadOnlyDictionary<RandomExpression, OracleValue>? frozen = null, bool record = true)
    {
        if (x.Length != y.Length || x.Length == 0) throw new ArgumentException("x and y must have the same, nonzero length.");
        var oracle = new Oracle(x, y, s, frozen, record);
        var result = oracle.Eval(expression);
        return new OracleRun(oracle, result);
    }

    private OracleValue Eval(RandomExpression e)
    {
        var v = EvalCore(e);
        foreach (double value in v.Values) ObserveMagnitude(System.Math.Abs(value));
        return v;
    }

    private OracleValue EvalCore(RandomExpression e)
    {
        switch (e.Kind)
        {
            case ExprKind.X: return Record(TapeOp.X, Vector(_x));
            case ExprKind.Y: return Record(TapeOp.Y, Vector(_y));
            case ExprKind.S: return Record(TapeOp.S, Scalar(_s, 0));
            case ExprKind.Const: return Scalar(e.Value, 0);
            case ExprKind.Neg: return Neg(Eval(e.A));
            case ExprKind.Exp: return Exp(Eval(e.A));
            case ExprKind.Log:
                // log(softmax(z)) is log-softmax; computing it as such keeps the oracle exact where softmax underflows.
                if (e.A.Kind is ExprKind.Softmax or ExprKind.HandSoftmax) return LogSoftmax(Eval(e.A.A));
                if (e.A.Kind is ExprKind.Softmin) return LogSoftmax(Neg(Eval(e.A.A)));
                return Log(Eval(e.A));
            case ExprKind.Abs: return Abs(Eval(e.A));
            case ExprKind.Sqrt: return Sqrt(Eval(e.A));
            case ExprKind.Square: return Square(Eval(e.A));
            case ExprKind.StopGradient:
            {
                if (_frozen is not null && _frozen.TryGetValue(e, out var held)) return held;
                var inner = Eval(e.A);
                // A copy that is not on the tape: no gradient flows through it.
                var value = new OracleValue((double[])inner.Values.Clone(), (double[])inner.Errors.Clone(), inner.IsVector);
                _stopGradient[e] = value;
                return value;
            }
            case ExprKind.Add: return Add(Eval(e.A), Eval(e.B));
            case ExprKind.Sub: return Sub(Eval(e.A), Eval(e.B));
            case ExprKind.Mul: return Mul(Eval(e.A), Eval(e.B));
            case ExprKind.Div: return Div(Eval(e.A), Eval(e.B));
            case ExprKind.Min: return Select(Eval(e.A), Eval(e.B), max: false);
            case ExprKind.Max: return Select(Eval(e.A), Eval(e.B), max: true);
            case ExprKind.Sum: return Sum(Eval(e.A));
            case ExprKind.ReduceMax: return Pick(Eval(e.A), max: true);
            case ExprKind.ReduceMin: return Pick(Eval(e.A), max: false);
            case ExprKind.Mean: return Mean(Eval(e.A));
            case ExprKind.Dot: return Sum(Mul(Eval(e.A), Eval(e.B)));
            case ExprKind.Softmax:
            case ExprKind.HandSoftmax:
                return Softmax(Eval(e.A));
            case ExprKind.Softmin: return Softmax(Neg(Eval(e.A)));
            case ExprKind.LogSoftmax:
            case ExprKind.HandLogSoftmax:
                return LogSoftmax(Eval(e.A));
            case ExprKind.LogSumExp:
            case ExprKind.HandLogSumExp:
                return LogSumExp(Eval(e.A));
            case ExprKind.HandLogSumExpTemp:
            {
                var t = Eval(e.B);
                return Div(LogSumExp(Mul(Eval(e.A), t)), t);
            }
            case ExprKind.LogOfExp: return Eval(e.A);
            case ExprKind.Log1p: return Log1p(Eval(e.A));
            case ExprKind.Expm1: return Expm1(Eval(e.A));
            case ExprKind.Sigmoid:
            case ExprKind.HandSigmoid:
                return Sigmoid(Eval(e.A));
            case ExprKind.Softplus:
            case ExprKind.HandSoftplus:
                return Softplus(Eval(e.A));
            case ExprKind.Tanh: return Tanh(Eval(e.A));
            case ExprKind.Relu: return Select(Eval(e.A), Scalar(0, 0), max: true);
            // log(sigmoid(v)) = -softplus(-v) and log(1 - sigmoid(v)) = log(sigmoid(-v)) = -softplus(v).
            case ExprKind.LogSigmoid:
            case ExprKind.HandLogSigmoid:
                return Neg(Softplus(Neg(Eval(e.A))));
            case ExprKind.HandLogOneMinusSigmoid: return Neg(Softplus(Eval(e.A)));
            case ExprKind.BinaryCrossEntropy:
            {
                // -(t log(sigmoid(z)) + (1 - t) log(1 - sigmoid(z))) = t softplus(-z) + (1 - t) softplus(z) = softplus(z) - t z.
                var z = Eval(e.A);
                return Mean(Sub(Softplus(z), Mul(Eval(e.B), z)));
            }
            case ExprKind.CrossEntropy:
            {
                // -sum(target * log_softmax(z))
                var logProbabilities = LogSoftmax(Eval(e.A));
                return Neg(Sum(Mul(Eval(e.B), logProbabilities)));
            }
            case ExprKind.Mse:
                return Mean(Square(Sub(Eval(e.A), Eval(e.B))));
            case ExprKind.Huber:
            {
                // mean over i of 0.5 q^2 + delta (a - q), a = |prediction - target|, q = min(a, delta):
                // 0.5 r^2 where |r| <= delta, else delta (|r| - delta / 2).
                var a = Abs(Sub(Eval(e.A), Eval(e.B)));
                var delta = Eval(e.C);
                var q = Select(a, delta, max: false);
                return Mean(Add(Mul(Scalar(0.5, 0), Square(q)), Mul(delta, Sub(a, q))));
            }
            default:
                throw new InvalidOperationException(e.Kind.ToString());
        }
    }

    // ---- Composites, from the primitives below. The max m is a constant: softmax does not depend on it. ----

    /// <summary>Softmax with the max shift: exp(z - m) / sum(exp(z - m)).</summary>
    private OracleValue Softmax(OracleValue z)
    {
        var (shifted, sum, _) = ShiftedExp(z);
        return Div(shifted, sum);
    }

    /// <summary>Log-softmax: (z - m) - log(sum(exp(z - m))).</summary>
    private OracleValue LogSoftmax(OracleValue z)
    {
        var (_, sum, _) = ShiftedExp(z);
        return Sub(SubtractMax(z).Difference, Log(sum));
    }

    /// <summary>Log-sum-exp: m + log(sum(exp(z - m))).</summary>
    private OracleValue LogSumExp(OracleValue z)
    {
        var (_, sum, m) = ShiftedExp(z);
        return Add(m, Log(sum));
    }

    private (OracleValue Shifted, OracleValue Sum, OracleValue Max) ShiftedExp(OracleValue z)
    {
        var (minusMax, m) = SubtractMax(z);
        var shifted = Exp(minusMax);
        return (shifted, Sum(shifted), m);
    }

    /// <summary>
    /// z - max(z), and the max as a constant. The common shift of z's error cancels in the difference (the max is an
    /// element of z), which is why a softmax is insensitive to it; what remains is each element's own error and
    /// the max's, the latter again common to all elements.
    /// </summary>
    private (OracleValue Difference, OracleValue Max) SubtractMax(OracleValue z)
    {
        double max = double.NegativeInfinity, maxError = 0, maxOwnError = 0;
        for (int i = 0; i < z.Length; i++)
        {
            max = System.Math.Max(max, z.Values[i]);
            maxError = System.Math.Max(maxError, z.Errors[i]);
            maxOwnError = System.Math.Max(maxOwnError, z.Errors[i] - z.Shift);
        }
        var m = Scalar(max, maxError);
        var values = new double[z.Length];
        var errors = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            values[i] = z.Values[i] - max;
            // Elements equal in float to the max give exactly 0.
            errors[i] = z.Uniform ? 0 : (z.Errors[i] - z.Shift) + maxOwnError + U * System.Math.Abs(values[i]);
        }
        return (Record(TapeOp.Sub, new OracleValue(values, errors, z.IsVector, maxOwnError, z.Uniform), z, m), m);
    }

    private OracleValue Mean(OracleValue a) => Div(Sum(a), Scalar(a.Length, 0));

    // ---- Primitives, each with its error propagation, recorded for reverse accumulation. ----

    private static OracleValue Vector(double[] values) => new((double[])values.Clone(), new double[values.Length], true);

    private static OracleValue Scalar(double value, double error) => new(new[] { value }, new[] { error }, false);

    private OracleValue Record(TapeOp op, OracleValue output, OracleValue? a = null, OracleValue? b = null, bool[]? mask = null, int count = 0, bool replaceLast = false)
    {
        if (_tape is not null)
        {
            if (replaceLast) _tape.RemoveAt(_tape.Count - 1);
            _tape.Add(new TapeEntry(op, output, a, b, mask, count));
        }
        return output;
    }

    private OracleValue Unary(TapeOp op, OracleValue a, Func<double, double, (double Value, double Error)> f)
    {
        var values = new double[a.Length];
        var errors = new double[a.Length];
        for (int i = 0; i < a.Length; i++) (values[i], errors[i]) = f(a.Values[i], a.Errors[i]);
        return Record(op, new OracleValue(values, errors, a.IsVector, uniform: a.Uniform), a);
    }

    private OracleValue Binary(TapeOp op, OracleValue a, OracleValue b, Func<double, double, double, double, (double Value, double Error)> f)
    {
        bool vector = a.IsVector || b.IsVector;
        int n = vector ? _n : 1;
        var values = new double[n];
        var errors = new double[n];
        for (int i = 0; i < n; i++) (values[i], errors[i]) = f(a[i], a.Err(i), b[i], b.Err(i));
        return Record(op, new OracleValue(values, errors, vector, vector ? ShiftOf(op, a, b) : 0, a.Uniform && b.Uniform), a, b);
    }

    /// <summary>
    /// The common shift of a vector result: a sum or difference keeps its operands' shifts and turns a broadcast
    /// scalar's error into one; a product or quotient with a scalar scales the vector's shift (the scalar's own
    /// error is a common scale, not a shift); everything else mixes the elements' errors.
    /// </summary>
    private static double ShiftOf(TapeOp op, OracleValue a, OracleValue b)
    {
        double Common(OracleValue v) => v.IsVector ? v.Shift : v.Errors[0];
        return op switch
        {
            TapeOp.Add or TapeOp.Sub => Common(a) + Common(b),
            TapeOp.Mul when a.IsVector && !b.IsVector => a.Shift * System.Math.Abs(b.Scalar),
            TapeOp.Mul when b.IsVector && !a.IsVector => b.Shift * System.Math.Abs(a.Scalar),
            TapeOp.Div when a.IsVector && !b.IsVector => a.Shift / System.Math.Abs(b.Scalar),
            _ => 0,
        };
    }

    private OracleValue Neg(OracleValue a)
    {
        var negated = Unary(TapeOp.Neg, a, static (v, e) => (-v, e));
        return a.IsVector ? Record(TapeOp.Neg, new OracleValue(negated.Values, negated.Errors, true, a.Shift, a.Uniform), a, replaceLast: true) : negated;
    }

    private OracleValue Exp(OracleValue a) => Unary(TapeOp.Exp, a, static (v, e) =>
    {
        double r = System.Math.Exp(v);
        return (r, r * e + 2 * U * r + Tiny);
    });

    private OracleValue Log(OracleValue a) => Unary(TapeOp.Log, a, static (v, e) =>
    {
        double r = System.Math.Log(v);
        return (r, e / v + 2 * U * System.Math.Abs(r));
    });

    private OracleValue Sqrt(OracleValue a) => Unary(TapeOp.Sqrt, a, static (v, e) =>
    {
        double r = System.Math.Sqrt(v);
        return (r, e / (2 * r) + U * r);
    });

    // The functions below are at most an ulp or two from the correctly rounded result in float (2u), like exp and log.

    private OracleValue Log1p(OracleValue a) => Unary(TapeOp.Log1p, a, static (v, e) =>
    {
        double r = StableMath.Log1p(v);
        return (r, e / (1 + v) + 2 * U * System.Math.Abs(r) + Tiny);
    });

    private OracleValue Expm1(OracleValue a) => Unary(TapeOp.Expm1, a, static (v, e) =>
    {
        double r = StableMath.Expm1(v);
        return (r, System.Math.Exp(v) * e + 2 * U * System.Math.Abs(r) + Tiny);
    });

    private OracleValue Sigmoid(OracleValue a) => Unary(TapeOp.Sigmoid, a, static (v, e) =>
    {
        double r = StableMath.Sigmoid(v);
        return (r, r * StableMath.Sigmoid(-v) * e + 2 * U * r + Tiny);
    });

    private OracleValue Softplus(OracleValue a) => Unary(TapeOp.Softplus, a, static (v, e) =>
    {
        double r = StableMath.Softplus(v);
        return (r, StableMath.Sigmoid(v) * e + 2 * U * r + Tiny);
    });

    private OracleValue Tanh(OracleValue a) => Unary(TapeOp.Tanh, a, static (v, e) =>
    {
        double r = System.Math.Tanh(v);
        return (r, StableMath.TanhDerivative(v) * e + 2 * U * System.Math.Abs(r) + Tiny);
    });

    private OracleValue Abs(OracleValue a) => Unary(TapeOp.Abs, a, (v, e) =>
    {
        // A NaN (an inf - inf of double itself) is a branch of its own; such a case is out of the test's domain anyway.
        Decide(double.IsNaN(v) ? 3 : System.Math.Sign(v) + 1, v, e, 0);
        return (System.Math.Abs(v), e);
    });

    private OracleValue Square(OracleValue a) => Unary(TapeOp.Square, a, static (v, e) => (v * v, 2 * System.Math.Abs(v) * e + U * v * v + Tiny));

    private OracleValue Add(OracleValue a, OracleValue b) => Binary(TapeOp.Add, a, b, static (x, ex, y, ey) => (x + y, ex + ey + U * System.Math.Abs(x + y)));

    private OracleValue Sub(OracleValue a, OracleValue b) => Binary(TapeOp.Sub, a, b, static (x, ex, y, ey) => (x - y, ex + ey + U * System.Math.Abs(x - y)));

    private OracleValue Mul(OracleValue a, OracleValue b) => Binary(TapeOp.Mul, a, b, static (x, ex, y, ey) =>
    {
        double r = x * y;
        return (r, System.Math.Abs(y) * ex + System.Math.Abs(x) * ey + U * System.Math.Abs(r) + Tiny);
    });

    private OracleValue Div(OracleValue a, OracleValue b) => Binary(TapeOp.Div, a, b, static (x, ex, y, ey) =>
    {
        double r = x / y;
        return (r, ex / System.Math.Abs(y) + System.Math.Abs(r) * ey / System.Math.Abs(y) + U * System.Math.Abs(r) + Tiny);
    });

    /// <summary>Min or Max of two operands; a tie goes to the first, as in the generated gradient.</summary>
    private OracleValue Select(OracleValue a, OracleValue b, bool max)
    {
        bool vector = a.IsVector || b.IsVector;
        int n = vector ? _n : 1;
        var values = new double[n];
        var errors = new double[n];
        var first = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double x = a[i], y = b[i];
            first[i] = max ? x >= y : x <= y;
            Decide(first[i] ? 1 : 0, x - y, a.Err(i), b.Err(i));
            (values[i], errors[i]) = first[i] ? (x, a.Err(i)) : (y, b.Err(i));
        }
        // When every element comes from the same operand, the result keeps that operand's common shift.
        double shift = 0;
        bool uniform = a.Uniform && b.Uniform;
        if (vector && Array.TrueForAll(first, f => f)) (shift, uniform) = (a.IsVector ? a.Shift : a.Errors[0], a.Uniform);
        else if (vector && Array.TrueForAll(first, f => !f)) (shift, uniform) = (b.IsVector ? b.Shift : b.Errors[0], b.Uniform);
        return Record(TapeOp.Select, new OracleValue(values, errors, vector, shift, uniform), a, b, first);
    }

    private OracleValue Sum(OracleValue a)
    {
        double sum = 0, absSum = 0, err = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a.Values[i];
            absSum += System.Math.Abs(a.Values[i]);
            err += a.Errors[i];
        }
        ObserveMagnitude(absSum);
        return Record(TapeOp.Sum, Scalar(sum, err + SumRounding(a.Length) * absSum + Tiny), a);
    }

    /// <summary>Rounding of a blocked float sum: n / 32 steps per lane in the main loop, the 4-accumulator merge, the 8-lane reduction and a scalar tail of up to 7.</summary>
    private static double SumRounding(int n) => (n / 16.0 + 12) * U;

    /// <summary>
    /// Max or Min of the elements. Its gradient is shared evenly by the elements that attain it, as in the generated
    /// gradient (any one of them moving moves the result; the pieces add up to one gradient).
    /// </summary>
    private OracleValue Pick(OracleValue a, bool max)
    {
        int best = 0;
        for (int i = 1; i < a.Length; i++)
            if (max ? a.Values[i] > a.Values[best] : a.Values[i] < a.Values[best]) best = i;
        var attains = new bool[a.Length];
        int count = 0;
        for (int i = 0; i < a.Length; i++)
            if (a.Values[i] == a.Values[best]) (attains[i], count) = (true, count + 1);
        // The runner-up that float rounding could most easily put first decides whether it could pick another
        // element: an exact tie of a different computation (see Decide), else the nonzero gap nearest to the rounding.
        // A tie float reproduces must not hide a near tie behind it.
        double gap = double.PositiveInfinity, gapError = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (i == best) continue;
            double d = System.Math.Abs(a.Values[best] - a.Values[i]);
            if (d == 0 && a.Errors[i] != a.Errors[best])
            {
                (gap, gapError) = (0, a.Errors[i]);
                break;
            }
            if (d != 0 && (double.IsPositiveInfinity(gap) || d - 4 * a.Errors[i] < gap - 4 * gapError)) (gap, gapError) = (d, a.Errors[i]);
        }
        Decide(best, gap, a.Errors[best], gapError);
        return Record(TapeOp.Pick, Scalar(a.Values[best], a.Errors[best]), a, mask: attains, count: count);
    }

    // ---- Reverse accumulation with error bounds. ----

    internal OracleGradient Backward(OracleValue result, double[]? w)
    {
        if (_tape is null) throw new InvalidOperationException("This evaluation did not record its operations.");
        var adjoints = new Dictionary<OracleValue, (double[] G, double[] E)>(ReferenceEqualityComparer.Instance);
        var seed = w is null ? new[] { 1.0 } : (double[])w.Clone();
        adjoints[result] = (seed, new double[seed.Length]);
        var dx = new double[_n];
        var ex = new double[_n];
        var dy = new double[_n];
        var ey = new double[_n];
        var ds = new double[1];
        var es = new double[1];

        for (int k = _tape.Count - 1; k >= 0; k--)
        {
            var t = _tape[k];
            if (!adjoints.TryGetValue(t.Output, out var o)) continue;
            var g = o.G;
            var e = o.E;
            int n = t.Output.Length;
            var a = t.A;
            var b = t.B;
            switch (t.Op)
            {
                case TapeOp.X: AccumulateInto(dx, ex, g, e); break;
                case TapeOp.Y: AccumulateInto(dy, ey, g, e); break;
                case TapeOp.S: AccumulateInto(ds, es, g, e); break;
                case TapeOp.Neg: Push(adjoints, a!, n, i => (-g[i], e[i])); break;
                case TapeOp.Add:
                    Push(adjoints, a!, n, i => (g[i], e[i]));
                    Push(adjoints, b!, n, i => (g[i], e[i]));
                    break;
                case TapeOp.Sub:
                    Push(adjoints, a!, n, i => (g[i], e[i]));
                    Push(adjoints, b!, n, i => (-g[i], e[i]));
                    break;
                case TapeOp.Mul:
                    Push(adjoints, a!, n, i => Product(g[i], e[i], b![i], b.Err(i)));
                    Push(adjoints, b!, n, i => Product(g[i], e[i], a![i], a.Err(i)));
                    break;
                case TapeOp.Div:
                {
                    var output = t.Output;
                    // d(a/b)/da = 1/b; d(a/b)/db = -(a/b)/b.
                    Push(adjoints, a!, n, i =>
                    {
                        double bi = b![i], j = 1 / bi;
                        return Product(g[i], e[i], j, b.Err(i) / (bi * bi) + U * System.Math.Abs(j));
                    });
                    Push(adjoints, b!, n, i =>
                    {
                        double bi = b![i], oi = output.Values[i], j = -oi / bi;
                        double ej = output.Errors[i] / System.Math.Abs(bi) + System.Math.Abs(oi) * b.Err(i) / (bi * bi) + 2 * U * System.Math.Abs(j);
                        return Product(g[i], e[i], j, ej);
                    });
                    break;
                }
                case TapeOp.Exp:
                    Push(adjoints, a!, n, i => Product(g[i], e[i], t.Output.Values[i], t.Output.Errors[i]));
                    break;
                case TapeOp.Log:
                    Push(adjoints, a!, n, i =>
                    {
                        double ai = a![i], j = 1 / ai;
                        return Product(g[i], e[i], j, a.Err(i) / (ai * ai) + U * System.Math.Abs(j));
                    });
                    break;
                case TapeOp.Sqrt:
                    Push(adjoints, a!, n, i =>
                    {
                        double oi = t.Output.Values[i], j = 0.5 / oi;
                        return Product(g[i], e[i], j, 0.5 * t.Output.Errors[i] / (oi * oi) + U * j);
                    });
                    break;
                case TapeOp.Square:
                    Push(adjoints, a!, n, i => Product(g[i], e[i], 2 * a![i], 2 * a.Err(i)));
                    break;
                // The derivatives of the functions below, with e(J) = |J'| e(a) + the rounding of J's stable float form.
                case TapeOp.Log1p:
                    Push(adjoints, a!, n, i =>
                    {
                        double p = 1 + a![i], j = 1 / p;
                        return Product(g[i], e[i], j, a.Err(i) / (p * p) + 2 * U * System.Math.Abs(j));
                    });
                    break;
                case TapeOp.Expm1:
                    Push(adjoints, a!, n, i =>
                    {
                        double j = System.Math.Exp(a![i]);
                        return Product(g[i], e[i], j, j * a.Err(i) + 2 * U * j + Tiny);
                    });
                    break;
                case TapeOp.Sigmoid:
                    Push(adjoints, a!, n, i =>
                    {
                        // sigmoid(v) sigmoid(-v), whose derivative is J (1 - 2 sigmoid(v)).
                        double p = t.Output.Values[i], j = p * StableMath.Sigmoid(-a![i]);
                        return Product(g[i], e[i], j, j * System.Math.Abs(1 - 2 * p) * a.Err(i) + 4 * U * j + Tiny);
                    });
                    break;
                case TapeOp.Softplus:
                    Push(adjoints, a!, n, i =>
                    {
                        double j = StableMath.Sigmoid(a![i]);
                        return Product(g[i], e[i], j, j * StableMath.Sigmoid(-a[i]) * a.Err(i) + 2 * U * j + Tiny);
                    });
                    break;
                case TapeOp.Tanh:
                    Push(adjoints, a!, n, i =>
                    {
                        // 1 / cosh^2 = (1 + |tanh|)(1 - |tanh|), whose derivative is -2 tanh J.
                        double j = StableMath.TanhDerivative(a![i]);
                        return Product(g[i], e[i], j, 2 * System.Math.Abs(t.Output.Values[i]) * j * a.Err(i) + 5 * U * j + Tiny);
                    });
                    break;
                case TapeOp.Abs:
                    Push(adjoints, a!, n, i => ((double.IsNaN(a![i]) ? double.NaN : System.Math.Sign(a[i])) * g[i], e[i]));
                    break;
                case TapeOp.Select:
                {
                    var first = t.Mask!;
                    Push(adjoints, a!, n, i => first[i] ? (g[i], e[i]) : (0, 0));
                    Push(adjoints, b!, n, i => first[i] ? (0, 0) : (g[i], e[i]));
                    break;
                }
                case TapeOp.Sum:
                    Push(adjoints, a!, a!.Length, i => (g[0], e[0]));
                    break;
                case TapeOp.Pick:
                {
                    double share = g[0] / t.Count, shareError = e[0] / t.Count + (t.Count > 1 ? U * System.Math.Abs(share) : 0);
                    Push(adjoints, a!, a!.Length, i => t.Mask![i] ? (share, shareError) : (0, 0));
                    break;
                }
            }
        }
        return new OracleGradient(dx, ex, dy, ey, ds[0], es[0]);
    }

    /// <summary>A contribution adj * J and its error bound: |J| e(adj) + |adj| e(J) + u |adj J|.</summary>
    private static (double, double) Product(double adjoint, double adjointError, double j, double jError)
    {
        double c = adjoint * j;
        return (c, System.Math.Abs(j) * adjointError + System.Math.Abs(adjoint) * jError + U * System.Math.Abs(c) + Tiny);
    }

    /// <summary>
    /// Adds the contributions c(i), i &lt; <paramref name="n"/>, to the adjoint of <paramref name="target"/>; a scalar
    /// target of a vector operation (a broadcast) receives their sum, with the rounding of that sum.
    /// </summary>
    private static void Push(Dictionary<OracleValue, (double[] G, double[] E)> adjoints, OracleValue target, int n, Func<int, (double C, double E)> contribution)
    {
        var c = new double[target.Length];
        var ec = new double[target.Length];
        if (target.Length == n)
        {
            for (int i = 0; i < n; i++) (c[i], ec[i]) = contribution(i);
        }
        else
        {
            double absSum = 0;
            for (int i = 0; i < n; i++)
            {
                var (ci, ei) = contribution(i);
                c[0] += ci;
                ec[0] += ei;
                absSum += System.Math.Abs(ci);
            }
            ec[0] += SumRounding(n) * absSum;
        }
        if (adjoints.TryGetValue(target, out var existing)) AccumulateInto(existing.G, existing.E, c, ec);
        else adjoints[target] = (c, ec);
    }

    private static void AccumulateInto(double[] sum, double[] error, double[] c, double[] ec)
    {
        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] += c[i];
            error[i] += ec[i] + U * System.Math.Abs(sum[i]);
        }
    }

    // ---- Bookkeeping. ----

    /// <summary>A branch taken, by a margin between two sides with error bounds <paramref name="errorA"/> and <paramref name="errorB"/>.</summary>
    private void Decide(int branch, double margin, double errorA, double errorB)
    {
        Signature = (Signature ^ (ulong)(branch + 7)) * 1099511628211UL;
        // A margin within the rounding error can flip in float. An exact tie (margin 0) with equal error bounds comes
        // from the same computation on both sides, which float reproduces exactly; with different bounds (a computed
        // value that is 0 in double against the constant 0, a saturated tanh against 1) float may break it either way.
        bool fragile = margin == 0 ? errorA != errorB : System.Math.Abs(margin) <= 4 * (errorA + errorB) + 1e-30;
        if (fragile) Fragile++;
    }

    private void ObserveMagnitude(double magnitude)
    {
        if (double.IsNaN(magnitude) || magnitude > MaxMagnitude) MaxMagnitude = double.IsNaN(magnitude) ? double.NaN : magnitude;
    }
}
