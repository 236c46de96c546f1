using System;
using System.Globalization;

namespace KernelGen.Generator.Ranges;

/// <summary>
/// A closed range [Lo, Hi] of exact (real-number) values, in double, where ±infinity means "no bound". It knows
/// whether the value can be exactly zero, which matters for 0 * inf and for a log or a division.
/// </summary>
internal readonly struct Interval
{
    /// <summary>The largest finite float: the inputs of a kernel are any finite floats.</summary>
    public const double FloatMax = float.MaxValue;

    public Interval(double lo, double hi, bool excludesZero = false)
    {
        Lo = double.IsNaN(lo) ? double.NegativeInfinity : lo;
        Hi = double.IsNaN(hi) ? double.PositiveInfinity : hi;
        ExcludesZero = excludesZero || Lo > 0 || Hi < 0;
    }

    public double Lo { get; }
    public double Hi { get; }

    /// <summary>True when the exact value is never zero, even where <see cref="Lo"/> or <see cref="Hi"/> is 0 (exp is never 0).</summary>
    public bool ExcludesZero { get; }

    public static Interval Point(double value) => new(value, value);

    public static Interval Unbounded => new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>Any finite float.</summary>
    public static Interval AnyFloat => new(-FloatMax, FloatMax);

    public bool CanBeZero => !ExcludesZero && Lo <= 0 && Hi >= 0;

    public bool IsNonNegative => Lo >= 0;

    public bool IsZeroOnly() => Lo == 0 && Hi == 0;

    public bool IsNonPositive => Hi <= 0;

    public Interval Negate() => new(-Hi, -Lo, ExcludesZero);

    /// <summary>A sum of two values of one sign is 0 only when both are: p + q of two probabilities is never 0.</summary>
    public static Interval operator +(Interval a, Interval b)
    {
        bool sameSign = a.IsNonNegative && b.IsNonNegative || a.IsNonPositive && b.IsNonPositive;
        return new(a.Lo + b.Lo, a.Hi + b.Hi, sameSign && (a.ExcludesZero || b.ExcludesZero));
    }

    public static Interval operator -(Interval a, Interval b) => new(a.Lo - b.Hi, a.Hi - b.Lo);

    public static Interval operator *(Interval a, Interval b)
    {
        double p1 = Mul(a.Lo, b.Lo), p2 = Mul(a.Lo, b.Hi), p3 = Mul(a.Hi, b.Lo), p4 = Mul(a.Hi, b.Hi);
        return new(Math.Min(Math.Min(p1, p2), Math.Min(p3, p4)), Math.Max(Math.Max(p1, p2), Math.Max(p3, p4)), a.ExcludesZero && b.ExcludesZero);
    }

    public static Interval operator /(Interval a, Interval b)
    {
        // A denominator that reaches zero, or straddles it, makes the quotient unbounded.
        if (b.Lo <= 0 && b.Hi >= 0 && !(b.ExcludesZero && (b.Lo == 0 || b.Hi == 0)))
            return new Interval(double.NegativeInfinity, double.PositiveInfinity, a.ExcludesZero);
        var reciprocal = b.Lo >= 0
            ? new Interval(1 / b.Hi, b.Lo == 0 ? double.PositiveInfinity : 1 / b.Lo, excludesZero: true)
            : new Interval(b.Hi == 0 ? double.NegativeInfinity : 1 / b.Hi, 1 / b.Lo, excludesZero: true);
        return a * reciprocal;
    }

    public Interval Square()
    {
        double lo = Lo >= 0 ? Lo * Lo : Hi <= 0 ? Hi * Hi : 0;
        return new(lo, Math.Max(Lo * Lo, Hi * Hi), ExcludesZero);
    }

    public Interval Abs()
    {
        double lo = Lo >= 0 ? Lo : Hi <= 0 ? -Hi : 0;
        return new(lo, Math.Max(Math.Abs(Lo), Math.Abs(Hi)), ExcludesZero);
    }

    /// <summary>f applied to both ends, for a monotonically increasing f.</summary>
    public Interval Increasing(Func<double, double> f, bool excludesZero) => new(f(Lo), f(Hi), excludesZero);

    public static Interval Hull(Interval a, Interval b) => new(Math.Min(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi), a.ExcludesZero && b.ExcludesZero);

    /// <summary>The range of a sum of between 1 and <paramref name="maxTerms"/> terms, each in this range.</summary>
    public Interval SumOf(double maxTerms)
    {
        bool sameSign = Lo >= 0 || Hi <= 0;
        return new(Math.Min(Lo, Mul(Lo, maxTerms)), Math.Max(Hi, Mul(Hi, maxTerms)), ExcludesZero && sameSign);
    }

    /// <summary>0 times an unbounded end is 0: the end is a bound on finite values.</summary>
    private static double Mul(double x, double y) => x == 0 || y == 0 ? 0 : x * y;

    public override string ToString()
        => (ExcludesZero && Lo == 0 ? "(" : "[") + Format(Lo) + ", " + Format(Hi) + (ExcludesZero && Hi == 0 ? ")" : "]");

    public static string Format(double v)
    {
        if (double.IsPositiveInfinity(v)) return "+inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        if (Math.Abs(v) >= FloatMax) return v > 0 ? "+max" : "-max";
        if (v == 0) return "0";
        return ((float)v).ToString("G4", CultureInfo.InvariantCulture);
    }
}
