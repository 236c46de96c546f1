using System;
using System.Collections.Generic;
using System.Numerics.Tensors;

namespace KernelGen.Training;

/// <summary>
/// Stochastic gradient descent with L2 weight decay and (heavy-ball) momentum over the trained parameters of a
/// <see cref="ParameterSet"/>: g += decay * w; v = momentum * v + g; w -= rate * v. Weight decay applies to the
/// matrices (the weights), not to vectors and scalars (biases, temperatures), as in d2l.
/// </summary>
public sealed class SgdOptimizer
{
    private readonly IReadOnlyList<Parameter> _trained;
    private readonly float[][] _velocity;

    /// <summary>An optimizer for the trained parameters of <paramref name="parameters"/>.</summary>
    public SgdOptimizer(ParameterSet parameters, float weightDecay = 0f, float momentum = 0f)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(weightDecay >= 0) || float.IsInfinity(weightDecay)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be a finite number, 0 or more.");
        if (!(momentum is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        Parameters = parameters;
        WeightDecay = weightDecay;
        Momentum = momentum;
        _trained = parameters.Trained;
        _velocity = new float[_trained.Count][];
        for (int i = 0; i < _trained.Count; i++) _velocity[i] = new float[_trained[i].Length];
    }

    /// <summary>The parameters updated in place.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The L2 penalty factor added to the gradient of every matrix.</summary>
    public float WeightDecay { get; }

    /// <summary>The momentum factor (0 for plain SGD).</summary>
    public float Momentum { get; }

    /// <summary>
    /// One update: <paramref name="gradients"/> holds the gradient of each trained parameter in the order of
    /// <see cref="ParameterSet.Trained"/> (the decay term is added to a matrix's gradient in place).
    /// </summary>
    public void Step(float rate, float[][] gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Length != _trained.Count)
            throw new ArgumentException($"{gradients.Length} gradients given for {_trained.Count} trained parameters.", nameof(gradients));
        for (int i = 0; i < _trained.Count; i++)
        {
            var parameter = _trained[i];
            var gradient = gradients[i];
            if (gradient.Length != parameter.Length)
                throw new ArgumentException($"The gradient of '{parameter.Name}' has {gradient.Length} values; the parameter has {parameter.Length}.", nameof(gradients));
            if (WeightDecay != 0 && parameter.Kind == KernelParameterKind.Matrix)
                TensorPrimitives.MultiplyAdd(parameter.Values, WeightDecay, gradient, gradient);
            Update(parameter.Values, gradient, _velocity[i], rate);
        }
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
