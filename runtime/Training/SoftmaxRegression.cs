using System;
using KernelGen.Metrics;

namespace KernelGen.Training;

/// <summary>
/// A softmax-regression classifier: weights (classes x features, row-major) and a bias per class. The loss
/// and its gradients come from the generated kernels in <see cref="SoftmaxRegressionKernels"/>.
/// </summary>
public sealed class SoftmaxRegression
{
    /// <summary>A model of the given size with all weights and biases zero.</summary>
    public SoftmaxRegression(int features, int classes)
    {
        if (features <= 0) throw new ArgumentOutOfRangeException(nameof(features), features, "A model needs at least one feature.");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A classifier needs at least two classes.");
        Features = features;
        Classes = classes;
        Weights = new float[features * classes];
        Bias = new float[classes];
    }

    /// <summary>Inputs per example.</summary>
    public int Features { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>The weights, <see cref="Classes"/> rows of <see cref="Features"/>.</summary>
    public float[] Weights { get; }

    /// <summary>The bias, one per class.</summary>
    public float[] Bias { get; }

    /// <summary>True for the MNIST shape, which has kernels specialized at compile time.</summary>
    internal bool IsMnistShape => Features == 784 && Classes == 10;

    /// <summary>Weights drawn from N(0, <paramref name="std"/>²) with a seeded generator, bias zero (the d2l initialization).</summary>
    public void Initialize(int seed, float std = 0.01f)
    {
        var random = new Random(seed);
        for (int i = 0; i < Weights.Length; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            Weights[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        Array.Clear(Bias);
    }

    /// <summary>
    /// Mean-loss forward and backward over a batch: writes each row's loss into <paramref name="losses"/> and
    /// overwrites <paramref name="weightGradient"/>/<paramref name="biasGradient"/> with <paramref name="gradScale"/>
    /// times the summed gradients (1 / batch size for a mean).
    /// </summary>
    public void LossAndGradient(int rows, ReadOnlySpan<float> x, ReadOnlySpan<int> labels, float gradScale,
        Span<float> losses, Span<float> weightGradient, Span<float> biasGradient)
    {
        if (IsMnistShape)
            SoftmaxRegressionKernels.MnistLossKernel.ForwardBackwardBatch(rows, x, Weights, Bias, labels, gradScale, losses, weightGradient, biasGradient);
        else
            SoftmaxRegressionKernels.LossKernel.ForwardBackwardBatch(rows, x, Weights, Bias, labels, gradScale, losses, weightGradient, biasGradient);
    }

    /// <summary>The logits of each row of a batch.</summary>
    public void Logits(int rows, ReadOnlySpan<float> x, Span<float> logits)
    {
        if (IsMnistShape)
            SoftmaxRegressionKernels.MnistLogitsKernel.ForwardBatch(rows, x, Weights, Bias, logits);
        else
            SoftmaxRegressionKernels.LogitsKernel.ForwardBatch(rows, x, Weights, Bias, logits);
    }

    /// <summary>The predicted class of one example: the index of the largest logit (the first, on ties).</summary>
    public int Predict(ReadOnlySpan<float> x)
    {
        Span<float> logits = stackalloc float[Classes];
        Logits(1, x, logits);
        return Accuracy.ArgMax(logits);
    }
}
