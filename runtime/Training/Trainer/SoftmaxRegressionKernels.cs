using static KernelGen.Ops;

namespace KernelGen.Training;

/// <summary>
/// The softmax-regression model as kernels: a linear layer feeding softmax cross-entropy. The generator
/// turns each into fused, vectorized forward and backward code; the MNIST pair has its sizes fixed at compile
/// time (784 pixels, 10 classes), the other pair works for any size.
/// </summary>
public static partial class SoftmaxRegressionKernels
{
    /// <summary>Cross-entropy of the logits <c>w * x + b</c> against class <paramref name="y"/>, for 28 x 28 images and 10 classes.</summary>
    /// <param name="x">The pixels (data: no gradient).</param>
    /// <param name="w">The weights, classes x features.</param>
    /// <param name="b">The bias, one per class, shared by every row of a batch.</param>
    /// <param name="y">The class label.</param>
    [Kernel(Sizes = "x=784, b=10")]
    public static float MnistLoss([NoGradient] Vec x, Mat w, [Shared] Vec b, int y) => CrossEntropy(w * x + b, y);

    /// <summary>The logits <c>w * x + b</c> for 28 x 28 images and 10 classes.</summary>
    /// <param name="x">The pixels.</param>
    /// <param name="w">The weights, classes x features.</param>
    /// <param name="b">The bias, shared by every row of a batch.</param>
    [Kernel(Sizes = "x=784, b=10")]
    public static Vec MnistLogits([NoGradient] Vec x, Mat w, [Shared] Vec b) => w * x + b;

    /// <summary>Cross-entropy of the logits <c>w * x + b</c> against class <paramref name="y"/>, any size.</summary>
    /// <param name="x">The features (data: no gradient).</param>
    /// <param name="w">The weights, classes x features.</param>
    /// <param name="b">The bias, one per class, shared by every row of a batch.</param>
    /// <param name="y">The class label.</param>
    [Kernel]
    public static float Loss([NoGradient] Vec x, Mat w, [Shared] Vec b, int y) => CrossEntropy(w * x + b, y);

    /// <summary>The logits <c>w * x + b</c>, any size.</summary>
    /// <param name="x">The features.</param>
    /// <param name="w">The weights, classes x features.</param>
    /// <param name="b">The bias, shared by every row of a batch.</param>
    [Kernel]
    public static Vec Logits([NoGradient] Vec x, Mat w, [Shared] Vec b) => w * x + b;
}
