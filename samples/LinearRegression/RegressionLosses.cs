using KernelGen;
using static KernelGen.Ops;

namespace LinearRegressionSample;

/// <summary>
/// Linear regression as two losses over the same model, a linear layer <c>w * x + b</c> (w: outputs x features,
/// b: one per output) against the targets <c>y</c>: d2l's squared loss and the Huber loss, which grows linearly
/// rather than quadratically for residuals beyond 1, so outliers pull less.
/// </summary>
public static partial class RegressionLosses
{
    /// <summary>Half the squared error, d2l's <c>squared_loss</c>: ½ Σ (w x + b - y)².</summary>
    /// <param name="x">The features (data).</param>
    /// <param name="w">The weights, outputs x features.</param>
    /// <param name="b">The bias, one per output, shared by every row.</param>
    /// <param name="y">The targets (data).</param>
    [Kernel]
    public static float SquaredLoss([NoGradient] Vec x, Mat w, [Shared] Vec b, [NoGradient] Vec y) => 0.5f * Sum(Square(w * x + b - y));

    /// <summary>The Huber loss of the residual (δ = 1): ½ r² for |r| ≤ 1, |r| - ½ beyond, averaged over the outputs.</summary>
    /// <param name="x">The features (data).</param>
    /// <param name="w">The weights, outputs x features.</param>
    /// <param name="b">The bias, one per output, shared by every row.</param>
    /// <param name="y">The targets (data).</param>
    [Kernel]
    public static float HuberLoss([NoGradient] Vec x, Mat w, [Shared] Vec b, [NoGradient] Vec y) => Huber(w * x + b, y);
}
