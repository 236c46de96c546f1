using KernelGen;
using static KernelGen.Ops;

namespace KernelTour;

/// <summary>Kernels written the textbook way; the generator makes them stable, differentiates and vectorizes them.</summary>
public static partial class Losses
{
    /// <summary>Softmax, written naively on purpose: the generated kernel shifts by the row max.</summary>
    [Kernel] public static Vec Softmax(Vec x) => Exp(x) / Sum(Exp(x));

    /// <summary>Log-sum-exp with a temperature: t -> infinity gives max(x).</summary>
    [Kernel] public static float LogSumExp(Vec x, float t) => Log(Sum(Exp(x * t))) / t;

    /// <summary>Cross-entropy through the user's own Softmax (inlined), rewritten to logsumexp(z) - z[y].</summary>
    [Kernel] public static float CrossEntropy(Vec z, int y) => -Log(Softmax(z))[y];

    /// <summary>A linear layer feeding the loss: the softmax-regression model.</summary>
    [Kernel] public static float LinearCrossEntropy(Vec x, Mat w, [Shared] Vec b, int y) => CrossEntropy(w * x + b, y);
}
