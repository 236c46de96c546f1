using System;

namespace KernelGen;

/// <summary>
/// The arguments of one batched kernel call, by parameter position (see <see cref="KernelSignature.Parameters"/>):
/// floats and labels to read, buffers for the gradients to write. Made once and re-pointed at new memory for each
/// call, so a training step allocates nothing; the generated <see cref="IKernel"/> members read it.
/// </summary>
/// <remarks>Not thread-safe: give each thread its own.</remarks>
public sealed class KernelArguments
{
    private readonly ReadOnlyMemory<float>[] _floats;
    private readonly ReadOnlyMemory<int>[] _labels;
    private readonly float[] _scalars;
    private readonly Memory<float>[] _gradients;
    private readonly float[] _scalarGradients;
    private readonly bool[] _set;

    /// <summary>An empty table for <paramref name="signature"/>: every argument must be set before a call.</summary>
    public KernelArguments(KernelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        Signature = signature;
        int count = signature.Parameters.Count;
        _floats = new ReadOnlyMemory<float>[count];
        _labels = new ReadOnlyMemory<int>[count];
        _scalars = new float[count];
        _gradients = new Memory<float>[count];
        _scalarGradients = new float[count];
        _set = new bool[count];
    }

    /// <summary>The kernel these arguments are for.</summary>
    public KernelSignature Signature { get; }

    /// <summary>Points vector or matrix parameter <paramref name="parameter"/> at <paramref name="values"/> (per-row: the batch's rows, one after another).</summary>
    public void SetFloats(int parameter, ReadOnlyMemory<float> values)
    {
        Expect(parameter, "SetFloats", KernelParameterKind.Vector, KernelParameterKind.Matrix);
        _floats[parameter] = values;
        _set[parameter] = true;
    }

    /// <summary>Points label parameter <paramref name="parameter"/> at one label per row.</summary>
    public void SetLabels(int parameter, ReadOnlyMemory<int> labels)
    {
        Expect(parameter, "SetLabels", KernelParameterKind.Label, KernelParameterKind.Label);
        _labels[parameter] = labels;
        _set[parameter] = true;
    }

    /// <summary>Sets scalar parameter <paramref name="parameter"/>.</summary>
    public void SetScalar(int parameter, float value)
    {
        Expect(parameter, "SetScalar", KernelParameterKind.Scalar, KernelParameterKind.Scalar);
        _scalars[parameter] = value;
        _set[parameter] = true;
    }

    /// <summary>Points the gradient of vector or matrix parameter <paramref name="parameter"/> at <paramref name="gradient"/>, as long as its values.</summary>
    public void SetGradient(int parameter, Memory<float> gradient)
    {
        Expect(parameter, "SetGradient", KernelParameterKind.Vector, KernelParameterKind.Matrix);
        _gradients[parameter] = gradient;
    }

    /// <summary>The gradient of scalar parameter <paramref name="parameter"/> written by the last backward call.</summary>
    public float ScalarGradientOf(int parameter)
    {
        Expect(parameter, "ScalarGradientOf", KernelParameterKind.Scalar, KernelParameterKind.Scalar);
        return _scalarGradients[parameter];
    }

    /// <summary>The floats of parameter <paramref name="parameter"/>; read by generated code.</summary>
    public ReadOnlySpan<float> Floats(int parameter) => IsSet(parameter) ? _floats[parameter].Span : default;

    /// <summary>The labels of parameter <paramref name="parameter"/>; read by generated code.</summary>
    public ReadOnlySpan<int> Labels(int parameter) => IsSet(parameter) ? _labels[parameter].Span : default;

    /// <summary>The value of scalar parameter <paramref name="parameter"/>; read by generated code.</summary>
    public float Scalar(int parameter) => IsSet(parameter) ? _scalars[parameter] : 0f;

    /// <summary>The gradient buffer of parameter <paramref name="parameter"/>; written by generated code.</summary>
    public Span<float> Gradient(int parameter)
    {
        var gradient = _gradients[parameter];
        if (gradient.IsEmpty && !_floats[parameter].IsEmpty)
            throw new InvalidOperationException($"Kernel {Signature.Name}: the gradient buffer of '{Signature.Parameters[parameter].Name}' was not set (SetGradient).");
        return gradient.Span;
    }

    /// <summary>Where the backward pass writes the gradient of scalar parameter <paramref name="parameter"/>; written by generated code.</summary>
    public ref float ScalarGradient(int parameter) => ref _scalarGradients[parameter];

    private bool IsSet(int parameter)
    {
        if (!_set[parameter])
            throw new InvalidOperationException($"Kernel {Signature.Name}: argument '{Signature.Parameters[parameter].Name}' was not set.");
        return true;
    }

    // Two kinds rather than a params array: the setters run on every training step, which must not allocate.
    private void Expect(int parameter, string method, KernelParameterKind kind, KernelParameterKind otherKind)
    {
        if ((uint)parameter >= (uint)_set.Length)
            throw new ArgumentOutOfRangeException(nameof(parameter), parameter, $"Kernel {Signature.Name} has parameters 0 to {_set.Length - 1}.");
        var p = Signature.Parameters[parameter];
        if (p.Kind != kind && p.Kind != otherKind)
            throw new ArgumentException($"Kernel {Signature.Name}: {method} does not apply to '{p.Name}', a {p.Kind.ToString().ToLowerInvariant()} parameter.", nameof(parameter));
    }
}
