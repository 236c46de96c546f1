using static KernelGen.Ops;

namespace KernelGen.Tests.Training;

/// <summary>
/// Models written the way a user would, in this project and not in the runtime, so the trainer is tested on kernels
/// it has never seen: a scalar trained beside a shared vector, a fixed hyperparameter, a regression target.
/// </summary>
public static partial class TrainingKernels
{
    /// <summary>Least squares with a trained scalar intercept: ½ (w · x + c - y)².</summary>
    [Kernel]
    public static float LeastSquares([NoGradient] Vec x, [Shared] Vec w, float c, [NoGradient] Vec y) => 0.5f * Square(Dot(w, x) + c - Sum(y));

    /// <summary>The Huber loss of a linear layer (δ = 1), as the LinearRegression sample writes it.</summary>
    [Kernel]
    public static float HuberRegression([NoGradient] Vec x, Mat w, [Shared] Vec b, [NoGradient] Vec y) => Huber(w * x + b, y);

    /// <summary>Half the squared error of a linear layer, d2l's squared_loss.</summary>
    [Kernel]
    public static float SquaredRegression([NoGradient] Vec x, Mat w, [Shared] Vec b, [NoGradient] Vec y) => 0.5f * Sum(Square(w * x + b - y));

    /// <summary>Label-smoothed cross-entropy with the smoothing as a fixed hyperparameter, and an L2 penalty in the loss.</summary>
    [Kernel]
    public static float SmoothedCrossEntropy([NoGradient] Vec x, Mat w, [Shared] Vec b, int y, [NoGradient] float smoothing, [NoGradient] float decay)
        => (1 - smoothing) * CrossEntropy(w * x + b, y) - smoothing * Mean(LogSoftmax(w * x + b)) + 0.5f * decay * Sum(Square(w));

    /// <summary>The logits of the same layer, for accuracy.</summary>
    [Kernel]
    public static Vec Logits([NoGradient] Vec x, Mat w, [Shared] Vec b) => w * x + b;

    /// <summary>Softmax regression with its shared parameters declared b first: the trainer must not care about the order.</summary>
    [Kernel]
    public static float BiasFirst([NoGradient] Vec x, [Shared] Vec b, Mat w, int y) => CrossEntropy(w * x + b, y);

    /// <summary>A loss whose per-row input gets a gradient: the trainer refuses it, naming the fix.</summary>
    [Kernel]
    public static float DataWithGradient(Vec x, [Shared] Vec w) => Dot(w, x);

    /// <summary>A loss with a label and a second per-row vector: the trainer cannot tell which is which.</summary>
    [Kernel]
    public static float TooManyInputs([NoGradient] Vec x, [NoGradient] Vec t, Mat w, int y) => CrossEntropy(w * x + w * t, y);
}
