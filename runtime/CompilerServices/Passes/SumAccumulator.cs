using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

/// <summary>
/// A sum: eight float lanes in the vector loop, then a double for the tail, since where <c>Vector256</c> is not
/// accelerated the tail is the whole row and one float would lose what the vector loop's 32 partial sums keep.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SumAccumulator : IRowAccumulator<SumAccumulator>
{
    private Vector256<float> _lanes;
    private double _total;

    /// <inheritdoc/>
    public static SumAccumulator Empty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => default;
    }

    /// <summary>The sum.</summary>
    public readonly float Value => (float)_total;

    /// <summary>The eight lanes, each its own row's sum, when the rows go across the lanes (<see cref="RowLanes.Run{TOperator, TAccumulator}"/>).</summary>
    public readonly Vector256<float> Lanes => _lanes;

    /// <summary>Adds <paramref name="value"/>.</summary>
    /// <typeparam name="TLanes">Eight elements or one.</typeparam>
    /// <param name="value">The terms to add.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add<TLanes>(TLanes value) where TLanes : struct, ILanes<TLanes>
    {
        if (typeof(TLanes) == typeof(VectorLanes)) _lanes += Unsafe.BitCast<TLanes, VectorLanes>(value).Value;
        else _total += Unsafe.BitCast<TLanes, ScalarLane>(value).Value;
    }

    /// <summary>Adds <c>a * b</c>: one fused multiply-add in the vector loop where the CPU has one.</summary>
    /// <typeparam name="TLanes">Eight elements or one.</typeparam>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddProduct<TLanes>(TLanes a, TLanes b) where TLanes : struct, ILanes<TLanes>
    {
        if (typeof(TLanes) == typeof(VectorLanes)) _lanes = KernelMath.MultiplyAddEstimate(Unsafe.BitCast<TLanes, VectorLanes>(a).Value, Unsafe.BitCast<TLanes, VectorLanes>(b).Value, _lanes);
        else _total += Unsafe.BitCast<TLanes, ScalarLane>(a).Value * Unsafe.BitCast<TLanes, ScalarLane>(b).Value;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SumAccumulator Merge(SumAccumulator a, SumAccumulator b) => new() { _lanes = a._lanes + b._lanes };

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FinishLanes() => _total = Vector256.Sum(_lanes);
}
