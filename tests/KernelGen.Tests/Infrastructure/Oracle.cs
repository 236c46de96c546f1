using System;
using System.Linq;

namespace KernelGen.Tests.Infrastructure;

/// <summary>
/// Float64 reference implementations of the catalog kernels, written from the textbook definitions
/// (stable forms, in double) and independent of the generator.
/// </summary>
public static class Oracle
{
    public static double LogSumExp(double[] x)
    {
        double m = x.Max();
        if (double.IsNegativeInfinity(m)) return double.NegativeInfinity;
        return m + Math.Log(x.Sum(v => Math.Exp(v - m)));
    }

    public static double[] Softmax(double[] x)
    {
        double lse = LogSumExp(x);
        return x.Select(v => Math.Exp(v - lse)).ToArray();
    }

    public static double[] LogSoftmax(double[] x)
    {
        double lse = LogSumExp(x);
        return x.Select(v => v - lse).ToArray();
    }

    public static double[] Softmin(double[] x) => Softmax(x.Select(v => -v).ToArray());

    public static double LogSumExpWithTemperature(double[] x, double t) => LogSumExp(x.Select(v => v * t).ToArray()) / t;

    public static double CrossEntropy(double[] z, int y) => LogSumExp(z) - z[y];

    public static double SoftTargetCrossEntropy(double[] z, double[] target)
    {
        var logp = LogSoftmax(z);
        return -target.Select((t, i) => t * logp[i]).Sum();
    }

    public static double[] Linear(double[] x, double[] w, double[] b)
    {
        int k = b.Length, n = x.Length;
        var z = new double[k];
        for (int r = 0; r < k; r++)
        {
            double s = b[r];
            for (int c = 0; c < n; c++) s += w[r * n + c] * x[c];
            z[r] = s;
        }
        return z;
    }

    public static double LinearCrossEntropy(double[] x, double[] w, double[] b, int y) => CrossEntropy(Linear(x, w, b), y);

    public static double MeanSquaredError(double[] p, double[] t) => p.Select((v, i) => (v - t[i]) * (v - t[i])).Average();

    public static double Huber(double[] p, double[] t, double delta = 1)
        => p.Select((v, i) =>
        {
            double r = Math.Abs(v - t[i]);
            return r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
        }).Average();

    public static double[] ToDouble(float[] v) => v.Select(f => (double)f).ToArray();

    /// <summary>
    /// Central finite differences of <paramref name="f"/> at <paramref name="x"/>, in double, with the
    /// five-point stencil (error O(h^4)): with h = 1e-3 its error is near 1e-12, where the two-point rule's
    /// rounding noise (~1e-10) would swamp gradient components of 1e-7.
    /// </summary>
    public static double[] Gradient(Func<double[], double> f, double[] x)
    {
        var g = new double[x.Length];
        var probe = (double[])x.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-3 * Math.Max(1, Math.Abs(x[i]));
            double At(double offset)
            {
                probe[i] = x[i] + offset;
                double value = f(probe);
                probe[i] = x[i];
                return value;
            }
            g[i] = (At(-2 * h) - 8 * At(-h) + 8 * At(h) - At(2 * h)) / (12 * h);
        }
        return g;
    }

    /// <summary>
    /// cs231n's relative error |a - n| / (|a| + |n|). A float kernel computes each component with an
    /// absolute error of a few float ulps of the gradient's scale (sums such as wᵀg cancel), so the
    /// denominator is at least 1% of the largest component <paramref name="scale"/>: components a hundred
    /// times smaller than the largest are compared with the absolute error float can give them.
    /// </summary>
    public static double RelativeError(double analytic, double numeric, double scale)
    {
        double denominator = Math.Max(Math.Abs(analytic) + Math.Abs(numeric), Math.Max(1e-2 * scale, 1e-30));
        return Math.Abs(analytic - numeric) / denominator;
    }
}
