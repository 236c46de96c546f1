using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

/// <summary>The largest element (NaN if any is NaN): eight lanes in the vector loop, one float in the tail.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct MaxAccumulator : IRowAccumulator<MaxAccumulator>
{
    private Vector256<float> _lanes;
    private float _value;

    /// <inheritdoc/>
    public static MaxAccumulator Empty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new() { _lanes = Vector256.Create(float.NegativeInfinity), _value = float.NegativeInfinity };
    }

    /// <summary>The largest element, -infinity for an empty row.</summary>
    public readonly float Value => _value;

    /// <summary>The eight lanes, each its own row's max, when the rows go across the lanes (<see cref="RowLanes.Run{TOperator, TAccumulator}"/>).</summary>
    public readonly Vector256<float> Lanes => _lanes;

    /// <summary>Takes <paramref name="value"/> into account.</summary>
    /// <typeparam name="TLanes">Eight elements or one.</typeparam>
    /// <param name="value">The elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add<TLanes>(TLanes value) where TLanes : struct, ILanes<TLanes>
    {
        if (typeof(TLanes) == typeof(VectorLanes)) _lanes = KernelMath.Max(_lanes, Unsafe.BitCast<TLanes, VectorLanes>(value).Value);
        else _value = MathF.Max(_value, Unsafe.BitCast<TLanes, ScalarLane>(value).Value);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MaxAccumulator Merge(MaxAccumulator a, MaxAccumulator b) => new() { _lanes = KernelMath.Max(a._lanes, b._lanes), _value = a._value };

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FinishLanes() => _value = KernelMath.HorizontalMax(_lanes);
}
