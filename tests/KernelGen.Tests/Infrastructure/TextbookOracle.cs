using System;
using System.Linq;

namespace KernelGen.Tests.Infrastructure;

/// <summary>Float64 references for <see cref="Catalog.TextbookKernels"/>, from the definitions, in stable double forms.</summary>
public static class TextbookOracle
{
    public static double Log1p(double x) => StableMath.Log1p(x);

    public static double Expm1(double x) => StableMath.Expm1(x);

    public static double Softplus(double x) => StableMath.Softplus(x);

    public static double Sigmoid(double x) => StableMath.Sigmoid(x);

    public static double Swish(double x) => x * Sigmoid(x);

    public static double Elu(double x) => x > 0 ? x : Expm1(x);

    public static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh((double)0.7978846f * (x + (double)0.044715f * x * x * x)));

    public static double[] SoftmaxWithTemperature(double[] x, double t) => Oracle.Softmax(x.Select(v => v / t).ToArray());

    public static double BinaryCrossEntropy(double[] z, double[] t) => z.Select((v, i) => Softplus(v) - t[i] * v).Average();

    public static double BinaryFocal(double[] z, double[] t)
        => z.Select((v, i) => Square(Sigmoid(-v)) * Softplus(-v) * t[i] + Square(Sigmoid(v)) * Softplus(v) * (1 - t[i])).Average();

    public static double KlDivergence(double[] p, double[] q)
    {
        var lp = Oracle.LogSoftmax(p);
        var lq = Oracle.LogSoftmax(q);
        return lp.Select((v, i) => Math.Exp(v) * (v - lq[i])).Sum();
    }

    public static double JensenShannon(double[] p, double[] q)
    {
        var (lp, lq) = (Oracle.LogSoftmax(p), Oracle.LogSoftmax(q));
        var lm = lp.Select((v, i) => Math.Log(0.5) + LogAddExp(v, lq[i])).ToArray();
        return 0.5 * lp.Select((v, i) => Math.Exp(v) * (v - lm[i])).Sum() + 0.5 * lq.Select((v, i) => Math.Exp(v) * (v - lm[i])).Sum();
    }

    public static double LogOfTwoExps(double[] a, double[] b) => a.Select((v, i) => LogAddExp(v, b[i])).Sum();

    private static double LogAddExp(double a, double b) => Math.Max(a, b) + Log1p(Math.Exp(-Math.Abs(a - b)));

    public static double MeanAbsoluteError(double[] p, double[] t) => p.Select((v, i) => Math.Abs(v - t[i])).Average();

    public static double Hinge(double[] z, double[] t) => z.Select((v, i) => Math.Max(0, 1 - t[i] * v)).Average();

    public static double ReluSquaredError(double[] x, double[] t) => x.Select((v, i) => Square(Math.Max(v, 0) - t[i])).Average();

    public static double LabelSmoothing(double[] z, int y)
    {
        var lp = Oracle.LogSoftmax(z);
        return -(0.9 * lp[y] + 0.1 * lp.Average());
    }

    public static double FocalCrossEntropy(double[] z, int y)
    {
        double lpy = Oracle.LogSoftmax(z)[y];
        return -Square(-Expm1(lpy)) * lpy;
    }

    public static double MulticlassHinge(double[] z, int y) => z.Select(v => Math.Max(0, v - z[y] + 1)).Sum() - 1;

    public static double Entropy(double[] z)
    {
        var lp = Oracle.LogSoftmax(z);
        return -lp.Select(v => Math.Exp(v) * v).Sum();
    }

    public static double CauchyLoss(double[] r) => r.Select(v => Log1p(v * v)).Sum();

    public static double L2PenalizedLinearCrossEntropy(double[] x, double[] w, double[] b, int y, double decay)
        => Oracle.LinearCrossEntropy(x, w, b, y) + 0.5 * decay * w.Sum(v => v * v);

    public static double WeightStatistics(double[] x, double[] w)
    {
        var z = Oracle.Linear(x, w, new double[w.Length / x.Length]);
        return z.Sum(Math.Tanh) + w.Average(Math.Abs) + w.Max() - w.Min(Sigmoid);
    }

    private static double Square(double v) => v * v;
}
