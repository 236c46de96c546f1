using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

/// <summary>
/// One element: what a pass's tail computes on (the last elements of a row, or the whole row where
/// <c>Vector256</c> is not accelerated). Each operation is the one-lane form of <see cref="VectorLanes"/>'s.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ScalarLane : ILanes<ScalarLane>
{
    /// <summary>Wraps <paramref name="value"/>.</summary>
    /// <param name="value">The element.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ScalarLane(float value) => Value = value;

    /// <summary>The element.</summary>
    // A field, not a property: every operation reads it, and each getter inlined into a core is one more of the
    // locals the JIT allows a method (see VectorMath.ExpMinusOne).
    public readonly float Value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Create(float value) => new(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Of(VectorLanes value) => new(value.Value.ToScalar());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Load(ref float source, nuint index) => new(Unsafe.Add(ref source, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ScalarLane value, ref float destination, nuint index) => Unsafe.Add(ref destination, index) = value.Value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator +(ScalarLane a, ScalarLane b) => new(a.Value + b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator -(ScalarLane a, ScalarLane b) => new(a.Value - b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator *(ScalarLane a, ScalarLane b) => new(a.Value * b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator /(ScalarLane a, ScalarLane b) => new(a.Value / b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator -(ScalarLane a) => new(-a.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Exp(ScalarLane x) => new(VectorMath.Exp(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Log(ScalarLane x) => new(VectorMath.Log(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Log1p(ScalarLane x) => new(VectorMath.Log1p(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Expm1(ScalarLane x) => new(VectorMath.Expm1(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Sigmoid(ScalarLane x) => new(VectorMath.Sigmoid(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Softplus(ScalarLane x) => new(VectorMath.Softplus(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Tanh(ScalarLane x) => new(VectorMath.Tanh(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane LogAddExp(ScalarLane a, ScalarLane b) => new(VectorMath.LogAddExp(a.Value, b.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Abs(ScalarLane x) => new(MathF.Abs(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Sqrt(ScalarLane x) => new(MathF.Sqrt(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Floor(ScalarLane x) => new(MathF.Floor(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Sign(ScalarLane x) => new(KernelMath.Sign(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Max(ScalarLane a, ScalarLane b) => new(MathF.Max(a.Value, b.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Min(ScalarLane a, ScalarLane b) => new(MathF.Min(a.Value, b.Value));

    // A multiply and an add, as the tails of generated kernels have always computed it: the vector loop fuses
    // where the CPU can, and a row's last few elements differ from it by at most one rounding.
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane MultiplyAdd(ScalarLane a, ScalarLane b, ScalarLane c) => new(a.Value * b.Value + c.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane GreaterOrEqualMask(ScalarLane a, ScalarLane b) => new(a.Value >= b.Value ? 1f : 0f);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane StepMask(ScalarLane a, ScalarLane b) => new(a.Value > b.Value ? 1f : a.Value == b.Value ? 0.5f : 0f);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane EqualMask(ScalarLane a, ScalarLane b) => new(a.Value == b.Value ? 1f : 0f);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane OneHot(nuint index, int label) => new(index == (nuint)label ? 1f : 0f);
}
