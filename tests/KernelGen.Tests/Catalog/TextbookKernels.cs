using KernelGen;
using static KernelGen.Ops;

namespace KernelGen.Tests.Catalog;

/// <summary>
/// The second catalog: losses and activations written the way a textbook or a first attempt writes them, naive
/// exps and logs included. None is one of the forms the first catalog was built around; each must come out stable
/// (finite and accurate on inputs up to ±1e4, around the float overflow thresholds, on equal and near-one-hot rows),
/// by the generator's rewrites and range analysis, not by the way it is written.
/// </summary>
public static partial class TextbookKernels
{
    // ---- Activations (Vec -> Vec), checked through their vector-Jacobian product. ----

    [Kernel] public static Vec SoftplusFromDefinition(Vec x) => Log(1 + Exp(x));

    [Kernel] public static Vec SigmoidFromDefinition(Vec x) => 1 / (1 + Exp(-x));

    [Kernel] public static Vec LogSigmoidOfLogits(Vec x) => LogSigmoid(x);

    [Kernel] public static Vec Swish(Vec x) => x / (1 + Exp(-x));

    [Kernel] public static Vec Elu(Vec x) => Max(x, 0f) + (Exp(Min(x, 0f)) - 1);

    [Kernel] public static Vec GeluTanh(Vec x) => 0.5f * x * (1 + Tanh(0.7978846f * (x + 0.044715f * x * x * x)));

    [Kernel] public static Vec SoftmaxWithTemperature(Vec x, float t) => Exp(x / t) / Sum(Exp(x / t));

    // ---- Losses of two vectors. ----

    [Kernel] public static float BinaryCrossEntropyFromDefinition(Vec z, Vec t) => Mean(Log(1 + Exp(-z)) * t + Log(1 + Exp(z)) * (1 - t));

    [Kernel] public static float BinaryCrossEntropyOfLogits(Vec z, Vec t) => BinaryCrossEntropy(z, t);

    [Kernel] public static float BinaryFocalLoss(Vec z, Vec t)
        => Mean(-(Square(1 - Sigmoid(z)) * Log(Sigmoid(z)) * t + Square(Sigmoid(z)) * Log(1 - Sigmoid(z)) * (1 - t)));

    [Kernel] public static float KlDivergenceOfLogits(Vec p, Vec q) => Sum(Softmax(p) * (Log(Softmax(p)) - Log(Softmax(q))));

    [Kernel] public static float JensenShannonOfLogits(Vec p, Vec q)
        => 0.5f * Sum(Softmax(p) * Log(Softmax(p) / (0.5f * (Softmax(p) + Softmax(q)))))
         + 0.5f * Sum(Softmax(q) * Log(Softmax(q) / (0.5f * (Softmax(p) + Softmax(q)))));

    [Kernel] public static float LogOfTwoExps(Vec a, Vec b) => Sum(Log(Exp(a) + Exp(b)));

    [Kernel] public static float MeanAbsoluteError(Vec prediction, Vec target) => Mean(Abs(prediction - target));

    [Kernel] public static float Hinge(Vec z, Vec t) => Mean(Relu(1 - t * z));

    [Kernel] public static float ReluSquaredError(Vec x, Vec t) => Mse(Relu(x), t);

    // ---- Losses of logits and a class. ----

    [Kernel] public static float LabelSmoothingCrossEntropy(Vec z, int y) => -(0.9f * Log(Softmax(z))[y] + 0.1f * Mean(Log(Softmax(z))));

    [Kernel] public static float FocalCrossEntropy(Vec z, int y) => -Square(1 - Softmax(z)[y]) * Log(Softmax(z)[y]);

    [Kernel] public static float MulticlassHinge(Vec z, int y) => Sum(Relu(z - z[y] + 1)) - 1;

    // ---- A linear layer with a penalty on its weight matrix. ----

    [Kernel] public static float L2PenalizedLinearCrossEntropy(Vec x, Mat w, [Shared] Vec b, int y, float decay)
        => CrossEntropy(w * x + b, y) + 0.5f * decay * Sum(Square(w));

    [Kernel] public static float WeightStatistics(Vec x, Mat w) => Sum(Tanh(w * x)) + Mean(Abs(w)) + Max(w) - Min(Sigmoid(w));

    // ---- Functions of one vector. ----

    [Kernel] public static float Entropy(Vec z) => -Sum(Softmax(z) * Log(Softmax(z)));

    [Kernel] public static float CauchyLoss(Vec residual) => Sum(Log(1 + Square(residual)));
}
