using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

/// <summary>
/// max(v) and sum(exp(v - max(v))) in one read (Milakov and Gimelshein 2018): a running max per lane, and a running
/// sum rescaled by exp(old max - new max) when the max grows.
/// </summary>
/// <remarks>
/// The max starts at <see cref="float.MinValue"/>, not -infinity: exp(-inf - (-inf)) would be NaN for a row that
/// starts with -infinity.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct RunningMaxSumAccumulator : IRowAccumulator<RunningMaxSumAccumulator>
{
    private Vector256<float> _maxLanes;
    private Vector256<float> _sumLanes;
    private float _max;
    private double _sum;

    /// <inheritdoc/>
    public static RunningMaxSumAccumulator Empty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new() { _maxLanes = Vector256.Create(float.MinValue), _max = float.MinValue };
    }

    /// <summary>The max of the row.</summary>
    public readonly float Max => _max;

    /// <summary>The sum of exp(v - <see cref="Max"/>) over the row.</summary>
    public readonly float Sum => (float)_sum;

    /// <summary>The max and the sum, for <c>var (max, sumExp) = RowPass.Run(...)</c>.</summary>
    /// <param name="max">The max of the row.</param>
    /// <param name="sum">The sum of exp(v - max) over the row.</param>
    public readonly void Deconstruct(out float max, out float sum)
    {
        max = Max;
        sum = Sum;
    }

    /// <summary>Takes <paramref name="value"/> into the max and the sum.</summary>
    /// <typeparam name="TLanes">Eight elements or one.</typeparam>
    /// <param name="value">The elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add<TLanes>(TLanes value) where TLanes : struct, ILanes<TLanes>
    {
        if (typeof(TLanes) == typeof(VectorLanes))
        {
            var v = Unsafe.BitCast<TLanes, VectorLanes>(value).Value;
            if (Vector256.GreaterThanAny(v, _maxLanes))
            {
                var grown = KernelMath.Max(_maxLanes, v);
                _sumLanes *= VectorMath.Exp(_maxLanes - grown);
                _maxLanes = grown;
            }
            _sumLanes += VectorMath.Exp(v - _maxLanes);
        }
        else
        {
            float x = Unsafe.BitCast<TLanes, ScalarLane>(value).Value;
            if (x > _max)
            {
                _sum = _sum * VectorMath.Exp(_max - x) + 1.0;
                _max = x;
            }
            else
            {
                _sum += VectorMath.Exp(x - _max);
            }
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RunningMaxSumAccumulator Merge(RunningMaxSumAccumulator a, RunningMaxSumAccumulator b)
    {
        var merged = a;
        KernelMath.MergeRunningMaxSum(ref merged._maxLanes, ref merged._sumLanes, b._maxLanes, b._sumLanes);
        return merged;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FinishLanes() => (_max, _sum) = KernelMath.ReduceRunningMaxSum(_maxLanes, _sumLanes);
}
