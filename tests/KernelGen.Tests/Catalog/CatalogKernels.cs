using KernelGen;
using static KernelGen.Ops;

namespace KernelGen.Tests.Catalog;

/// <summary>
/// The kernel catalog: the classic losses, written the way a textbook writes them. The generator compiles
/// them as part of this test project; the snapshot tests compare the generated files with reviewed copies,
/// and the value tests compare the kernels with float64 oracles.
/// </summary>
public static partial class CatalogKernels
{
    [Kernel] public static Vec Softmax(Vec x) => Exp(x) / Sum(Exp(x));

    [Kernel] public static Vec LogSoftmax(Vec x) => Ops.LogSoftmax(x);

    [Kernel] public static float LogSumExpWithTemperature(Vec x, float t) => Log(Sum(Exp(x * t))) / t;

    [Kernel] public static Vec Softmin(Vec x) => Ops.Softmin(x);

    [Kernel] public static float CrossEntropy(Vec z, int y) => -Log(Softmax(z))[y];

    [Kernel] public static float SoftTargetCrossEntropy(Vec z, Vec target) => Ops.CrossEntropy(z, target);

    [Kernel] public static float LinearCrossEntropy(Vec x, Mat w, [Shared] Vec b, int y) => CrossEntropy(w * x + b, y);

    [Kernel] public static float MeanSquaredError(Vec prediction, Vec target) => Mse(prediction, target);

    [Kernel] public static float HuberLoss(Vec prediction, Vec target) => Huber(prediction, target, 1f);

    /// <summary>
    /// The softmax-regression model of the main job, with its sizes fixed at compile time (MNIST: 784 pixels,
    /// 10 classes). The pixels are data: no gradient is computed for them.
    /// </summary>
    [Kernel(Sizes = "x=784, b=10")]
    public static float FixedSizeLinearCrossEntropy([NoGradient] Vec x, Mat w, [Shared] Vec b, int y) => CrossEntropy(w * x + b, y);
}
