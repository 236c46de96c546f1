using KernelGen.Tests.Infrastructure;
using System;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>The inputs a static interval of a <see cref="RandomExpression"/> holds for.</summary>
/// <param name="InputBound">Bound on |x| and |y|.</param>
/// <param name="ScalarMin">Smallest |s|: a division by s is bounded by it.</param>
/// <param name="ScalarMax">Largest |s|.</param>
/// <param name="MaxLength">Largest vector length (the interval of a Sum scales with it).</param>
/// <param name="ExpArgumentClamp">
/// Where an exp-type operation (exp, expm1, sigmoid, softplus) can overflow or underflow in float, its argument is
/// taken as clamped to ±this. Such an exp is the range analysis' business (it warns where the overflow matters),
/// so the bound only has to describe the regime where it does not overflow: the generators use it to keep products
/// from overflowing by multiplication alone, which the analysis does not track.
/// </param>
public sealed record InputDomain(double InputBound, double ScalarMin, double ScalarMax, int MaxLength, double ExpArgumentClamp)
{
    /// <summary>The safe generator's domain: |x|, |y| &lt;= 3, 0.5 &lt;= |s| &lt;= 2, length &lt;= 100, exps as they are.</summary>
    public static InputDomain Safe { get; } = new(3, 0.5, 2, 100, double.PositiveInfinity);

    /// <summary>The adversarial inputs: |x|, |y| &lt;= 1e4, 1e-2 &lt;= |s| &lt;= 1e2, length &lt;= 100, overflowing exps clamped to ±20.</summary>
    public static InputDomain Adversarial { get; } = new(1e4, 1e-2, 1e2, 100, 20);
}

/// <summary>Static intervals of expressions: interval arithmetic over an <see cref="InputDomain"/>, loose but sound.</summary>
public static class ExpressionBounds
{
    /// <summary>exp overflows above ln(float.MaxValue).</summary>
    public const double ExpOverflow = 88.72283935546875;
    /// <summary>Below ln(smallest normal float) exp is denormal, and soon 0.</summary>
    public const double ExpUnderflow = -87.33654475055311;

    /// <summary>The interval of <paramref name="e"/>, given those of its operands by <paramref name="of"/>.</summary>
    public static (double Lo, double Hi) Compute(RandomExpression e, InputDomain d, Func<RandomExpression, (double Lo, double Hi)> of)
    {
        double logN = System.Math.Log(d.MaxLength);
        double n = d.MaxLength;
        var a = e.Args.Length > 0 ? of(e.A) : default;
        var b = e.Args.Length > 1 ? of(e.B) : default;
        switch (e.Kind)
        {
            case ExprKind.X:
            case ExprKind.Y:
                return (-d.InputBound, d.InputBound);
            case ExprKind.S:
                return (-d.ScalarMax, d.ScalarMax);
            case ExprKind.Const:
                return (e.Value, e.Value);
            case ExprKind.Neg:
                return (-a.Hi, -a.Lo);
            case ExprKind.Exp:
            {
                var c = ClampExpArgument(a, d, underflows: true);
                return (System.Math.Exp(c.Lo), System.Math.Exp(c.Hi));
            }
            case ExprKind.Expm1:
            {
                var c = ClampExpArgument(a, d, underflows: false);
                return (System.Math.Exp(c.Lo) - 1, System.Math.Exp(c.Hi) - 1);
            }
            case ExprKind.Sigmoid:
            case ExprKind.HandSigmoid:
            {
                var c = ClampExpArgument(a, d, underflows: true);
                return (StableMath.Sigmoid(c.Lo), StableMath.Sigmoid(a.Hi));
            }
            case ExprKind.Softplus:
            case ExprKind.HandSoftplus:
            {
                var c = ClampExpArgument(a, d, underflows: true);
                return (StableMath.Softplus(c.Lo), StableMath.Softplus(a.Hi));
            }
            case ExprKind.LogSigmoid:
            case ExprKind.HandLogSigmoid:
                return (-StableMath.Softplus(-a.Lo), -StableMath.Softplus(-a.Hi));
            case ExprKind.HandLogOneMinusSigmoid:
                return (-StableMath.Softplus(a.Hi), -StableMath.Softplus(a.Lo));
            case ExprKind.Tanh:
                return (System.Math.Tanh(a.Lo), System.Math.Tanh(a.Hi));
            case ExprKind.Relu:
                return (System.Math.Max(a.Lo, 0), System.Math.Max(a.Hi, 0));
            case ExprKind.Log1p:
                return (a.Lo > -1 ? StableMath.Log1p(a.Lo) : double.NegativeInfinity, StableMath.Log1p(System.Math.Max(a.Hi, -1)));
            case ExprKind.Log:
                // Only applied to positive things by the generators; a Softmax argument gives log(p) in [lo - hi - ln n, 0].
                if (e.A.Kind is ExprKind.Softmax or ExprKind.HandSoftmax or ExprKind.Softmin) return LogSoftmaxInterval(of(e.A.A), logN);
                return (a.Lo > 0 ? System.Math.Log(a.Lo) : double.NegativeInfinity, System.Math.Log(System.Math.Max(a.Hi, double.Epsilon)));
            case ExprKind.Abs:
                return AbsInterval(a);
            case ExprKind.Sqrt:
                return (System.Math.Sqrt(System.Math.Max(a.Lo, 0)), System.Math.Sqrt(System.Math.Max(a.Hi, 0)));
            case ExprKind.Square:
            {
                var abs = AbsInterval(a);
                return (abs.Lo * abs.Lo, abs.Hi * abs.Hi);
            }
            case ExprKind.StopGradient:
            case ExprKind.LogOfExp:
                return a;
            case ExprKind.Add:
                return (a.Lo + b.Lo, a.Hi + b.Hi);
            case ExprKind.Sub:
                return (a.Lo - b.Hi, a.Hi - b.Lo);
            case ExprKind.Mul:
                return Product(a, b);
            case ExprKind.Div:
                if (b.Lo > 0 || b.Hi < 0)
                    return Hull(a.Lo / b.Lo, a.Lo / b.Hi, a.Hi / b.Lo, a.Hi / b.Hi);
                // s is never drawn closer to 0 than ScalarMin.
                if (e.B.Kind == ExprKind.S)
                    return Product(a, (-1 / d.ScalarMin, 1 / d.ScalarMin));
                return (double.NegativeInfinity, double.PositiveInfinity);
            case ExprKind.Min:
                return (System.Math.Min(a.Lo, b.Lo), System.Math.Min(a.Hi, b.Hi));
            case ExprKind.Max:
                return (System.Math.Max(a.Lo, b.Lo), System.Math.Max(a.Hi, b.Hi));
            case ExprKind.Sum:
                return (System.Math.Min(a.Lo, n * a.Lo), System.Math.Max(a.Hi, n * a.Hi));
            case ExprKind.ReduceMax:
            case ExprKind.ReduceMin:
            case ExprKind.Mean:
                return a;
            case ExprKind.Dot:
            {
                var p = Product(a, b);
                return (System.Math.Min(p.Lo, n * p.Lo), System.Math.Max(p.Hi, n * p.Hi));
            }
            case ExprKind.Softmax:
            case ExprKind.Softmin:
            case ExprKind.HandSoftmax:
                return (0, 1);
            case ExprKind.LogSoftmax:
            case ExprKind.HandLogSoftmax:
                return LogSoftmaxInterval(a, logN);
            case ExprKind.LogSumExp:
            case ExprKind.HandLogSumExp:
                return (a.Lo, a.Hi + logN);
            case ExprKind.HandLogSumExpTemp:
            {
                // (max(e t) + log(sum)) / t: |.| <= (|e| |t| + ln n) / |t|min.
                double tMin = e.B.Kind == ExprKind.S ? d.ScalarMin : System.Math.Min(System.Math.Abs(b.Lo), System.Math.Abs(b.Hi));
                double bound = (Magnitude(a) * Magnitude(b) + logN) / tMin;
                return (-bound, bound);
            }
            case ExprKind.CrossEntropy:
            {
                var ls = LogSoftmaxInterval(a, logN);
                double bound = n * Magnitude(b) * System.Math.Max(System.Math.Abs(ls.Lo), System.Math.Abs(ls.Hi));
                return (-bound, bound);
            }
            case ExprKind.BinaryCrossEntropy:
            {
                // Each term softplus(z) - t z lies in [-|t| |z|, softplus(z) + |t| |z|].
                double tz = Magnitude(a) * Magnitude(b);
                return (-tz, StableMath.Softplus(a.Hi) + tz);
            }
            case ExprKind.Mse:
            {
                double m = Magnitude(a) + Magnitude(b);
                return (0, m * m);
            }
            case ExprKind.Huber:
            {
                double m = Magnitude(a) + Magnitude(b);
                return (0, System.Math.Max(0.5 * m * m, Magnitude(of(e.C)) * m));
            }
            default:
                throw new InvalidOperationException(e.Kind.ToString());
        }
    }

    public static double Magnitude((double Lo, double Hi) r) => System.Math.Max(System.Math.Abs(r.Lo), System.Math.Abs(r.Hi));

    /// <summary>The argument of an exp-type operation, clamped to ±<see cref="InputDomain.ExpArgumentClamp"/> on a side where float overflows (or underflows).</summary>
    private static (double Lo, double Hi) ClampExpArgument((double Lo, double Hi) a, InputDomain d, bool underflows)
    {
        double hi = a.Hi > ExpOverflow ? System.Math.Min(a.Hi, d.ExpArgumentClamp) : a.Hi;
        double lo = underflows && a.Lo < ExpUnderflow ? System.Math.Max(a.Lo, -d.ExpArgumentClamp) : a.Lo;
        return (System.Math.Min(lo, hi), hi);
    }

    private static (double Lo, double Hi) AbsInterval((double Lo, double Hi) a)
        => a.Lo >= 0 ? a : a.Hi <= 0 ? (-a.Hi, -a.Lo) : (0, System.Math.Max(-a.Lo, a.Hi));

    private static (double Lo, double Hi) Product((double Lo, double Hi) a, (double Lo, double Hi) b)
        => Hull(a.Lo * b.Lo, a.Lo * b.Hi, a.Hi * b.Lo, a.Hi * b.Hi);

    private static (double Lo, double Hi) LogSoftmaxInterval((double Lo, double Hi) e, double logN) => (e.Lo - e.Hi - logN, 0);

    private static (double Lo, double Hi) Hull(double a, double b, double c, double d)
        => (System.Math.Min(System.Math.Min(a, b), System.Math.Min(c, d)), System.Math.Max(System.Math.Max(a, b), System.Math.Max(c, d)));
}
