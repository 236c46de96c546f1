using System;
using System.Numerics.Tensors;

namespace KernelGen.Training;

/// <summary>
/// Stochastic gradient descent with L2 weight decay and (heavy-ball) momentum:
/// g += decay * w; v = momentum * v + g; w -= rate * v. Weight decay applies to weights, not to the bias.
/// </summary>
public sealed class SgdOptimizer
{
    private readonly float[] _weightVelocity;
    private readonly float[] _biasVelocity;

    /// <summary>An optimizer for <paramref name="model"/>.</summary>
    public SgdOptimizer(SoftmaxRegression model, float weightDecay = 0f, float momentum = 0f)
    {
        if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay cannot be negative.");
        if (momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        Model = model;
        WeightDecay = weightDecay;
        Momentum = momentum;
        _weightVelocity = new float[model.Weights.Length];
        _biasVelocity = new float[model.Bias.Length];
    }

    /// <summary>The model updated in place.</summary>
    public SoftmaxRegression Model { get; }

    /// <summary>The L2 penalty factor added to the weight gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>The momentum factor (0 for plain SGD).</summary>
    public float Momentum { get; }

    /// <summary>One update with the given gradients (the decay term is added to <paramref name="weightGradient"/> in place).</summary>
    public void Step(float rate, Span<float> weightGradient, ReadOnlySpan<float> biasGradient)
    {
        if (WeightDecay != 0) TensorPrimitives.MultiplyAdd(Model.Weights, WeightDecay, weightGradient, weightGradient);
        Update(Model.Weights, weightGradient, _weightVelocity, rate);
        Update(Model.Bias, biasGradient, _biasVelocity, rate);
    }

    private void Update(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> velocity, float rate)
    {
        if (Momentum == 0)
        {
            TensorPrimitives.MultiplyAdd(gradient, -rate, parameter, parameter);
            return;
        }
        TensorPrimitives.MultiplyAdd(velocity, Momentum, gradient, velocity);
        TensorPrimitives.MultiplyAdd(velocity, -rate, parameter, parameter);
    }
}
