namespace KernelGen.Tests.Infrastructure;

/// <summary>
/// The elementary functions the float64 oracles and references need beyond <see cref="System.Math"/>, in double and in forms that neither
/// overflow nor cancel (the BCL's <c>double.LogP1</c> and <c>double.ExpM1</c> are the naive formulas).
/// </summary>
public static class StableMath
{
    /// <summary>log(1 + x), accurate for small x: log(u) x / (u - 1) with u = 1 + x rounded corrects u's rounding.</summary>
    public static double Log1p(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (double.IsInfinity(u)) return System.Math.Log(u);
        return System.Math.Log(u) * x / (u - 1);
    }

    /// <summary>
    /// e^x - 1: the Taylor series for |x| &lt;= 1/2 (twenty terms leave 2^-80), where exp(x) - 1 cancels; exp(x) - 1
    /// above, where it does not.
    /// </summary>
    public static double Expm1(double x)
    {
        if (!(System.Math.Abs(x) <= 0.5)) return System.Math.Exp(x) - 1;
        double term = x, sum = x;
        for (int n = 2; n <= 20; n++)
        {
            term *= x / n;
            sum += term;
        }
        return sum;
    }

    /// <summary>1 / (1 + exp(-x)), with exp of a value at most 0 only.</summary>
    public static double Sigmoid(double x)
    {
        if (x >= 0) return 1 / (1 + System.Math.Exp(-x));
        double e = System.Math.Exp(x);
        return e / (1 + e);
    }

    /// <summary>log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)).</summary>
    public static double Softplus(double x) => System.Math.Max(x, 0) + Log1p(System.Math.Exp(-System.Math.Abs(x)));

    /// <summary>tanh'(x) = 1 / cosh(x)^2, without the cancellation of 1 - tanh(x)^2 (0 where cosh overflows).</summary>
    public static double TanhDerivative(double x)
    {
        double c = System.Math.Cosh(x);
        return 1 / (c * c);
    }
}
