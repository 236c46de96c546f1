using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

/// <summary>The smallest element (NaN if any is NaN): eight lanes in the vector loop, one float in the tail.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct MinAccumulator : IRowAccumulator<MinAccumulator>
{
    private Vector256<float> _lanes;
    private float _value;

    /// <inheritdoc/>
    public static MinAccumulator Empty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new() { _lanes = Vector256.Create(float.PositiveInfinity), _value = float.PositiveInfinity };
    }

    /// <summary>The smallest element, +infinity for an empty row.</summary>
    public readonly float Value => _value;

    /// <summary>The eight lanes, each its own row's min, when the rows go across the lanes (<see cref="RowLanes.Run{TOperator, TAccumulator}"/>).</summary>
    public readonly Vector256<float> Lanes => _lanes;

    /// <summary>Takes <paramref name="value"/> into account.</summary>
    /// <typeparam name="TLanes">Eight elements or one.</typeparam>
    /// <param name="value">The elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add<TLanes>(TLanes value) where TLanes : struct, ILanes<TLanes>
    {
        if (typeof(TLanes) == typeof(VectorLanes)) _lanes = KernelMath.Min(_lanes, Unsafe.BitCast<TLanes, VectorLanes>(value).Value);
        else _value = MathF.Min(_value, Unsafe.BitCast<TLanes, ScalarLane>(value).Value);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MinAccumulator Merge(MinAccumulator a, MinAccumulator b) => new() { _lanes = KernelMath.Min(a._lanes, b._lanes), _value = a._value };

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FinishLanes() => _value = KernelMath.HorizontalMin(_lanes);
}
