using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

/// <summary>Eight consecutive elements in one <see cref="Vector256{T}"/>: what a pass's vector loop computes on.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct VectorLanes : ILanes<VectorLanes>
{
    /// <summary>Wraps <paramref name="value"/>.</summary>
    /// <param name="value">The eight lanes.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public VectorLanes(Vector256<float> value) => Value = value;

    /// <summary>The eight lanes.</summary>
    // A field, not a property: every operation reads it, and each getter inlined into a core is one more of the
    // locals the JIT allows a method (see VectorMath.ExpMinusOne).
    public readonly Vector256<float> Value;

    /// <summary>One scalar in every lane: the value of a row's scalar for the eight elements of a vector loop.</summary>
    /// <param name="value">The scalar.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator VectorLanes(float value) => new(Vector256.Create(value));

    /// <summary>Eight lanes as they are: eight rows' scalars, one per lane, when the rows go across the lanes.</summary>
    /// <param name="value">The lanes.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator VectorLanes(Vector256<float> value) => new(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Create(float value) => new(Vector256.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Of(VectorLanes value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Load(ref float source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(VectorLanes value, ref float destination, nuint index) => Vector256.StoreUnsafe(value.Value, ref destination, index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes operator +(VectorLanes a, VectorLanes b) => new(a.Value + b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes operator -(VectorLanes a, VectorLanes b) => new(a.Value - b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes operator *(VectorLanes a, VectorLanes b) => new(a.Value * b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes operator /(VectorLanes a, VectorLanes b) => new(a.Value / b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes operator -(VectorLanes a) => new(-a.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Exp(VectorLanes x) => new(VectorMath.Exp(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Log(VectorLanes x) => new(VectorMath.Log(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Log1p(VectorLanes x) => new(VectorMath.Log1p(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Expm1(VectorLanes x) => new(VectorMath.Expm1(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Sigmoid(VectorLanes x) => new(VectorMath.Sigmoid(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Softplus(VectorLanes x) => new(VectorMath.Softplus(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Tanh(VectorLanes x) => new(VectorMath.Tanh(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes LogAddExp(VectorLanes a, VectorLanes b) => new(VectorMath.LogAddExp(a.Value, b.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Abs(VectorLanes x) => new(Vector256.Abs(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Sqrt(VectorLanes x) => new(Vector256.Sqrt(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Floor(VectorLanes x) => new(Vector256.Floor(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Sign(VectorLanes x) => new(KernelMath.Sign(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Max(VectorLanes a, VectorLanes b) => new(KernelMath.Max(a.Value, b.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Min(VectorLanes a, VectorLanes b) => new(KernelMath.Min(a.Value, b.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes MultiplyAdd(VectorLanes a, VectorLanes b, VectorLanes c) => new(KernelMath.MultiplyAddEstimate(a.Value, b.Value, c.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes GreaterOrEqualMask(VectorLanes a, VectorLanes b) => new(KernelMath.GreaterOrEqualMask(a.Value, b.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes StepMask(VectorLanes a, VectorLanes b) => new(KernelMath.StepMask(a.Value, b.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes EqualMask(VectorLanes a, VectorLanes b) => new(KernelMath.EqualMask(a.Value, b.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes OneHot(nuint index, int label) => new(KernelMath.OneHot((int)index, label));
}
