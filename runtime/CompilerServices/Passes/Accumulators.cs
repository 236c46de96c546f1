using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace KernelGen.CompilerServices;

/// <summary>Two reductions of one pass; a third and more nest in <see cref="Second"/>.</summary>
/// <typeparam name="TFirst">The first reduction.</typeparam>
/// <typeparam name="TSecond">The second reduction, or the rest of them.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct Accumulators<TFirst, TSecond> : IRowAccumulator<Accumulators<TFirst, TSecond>>
    where TFirst : struct, IRowAccumulator<TFirst>
    where TSecond : struct, IRowAccumulator<TSecond>
{
    /// <summary>The first reduction.</summary>
    public TFirst First;

    /// <summary>The second reduction, or the rest of them.</summary>
    public TSecond Second;

    /// <inheritdoc/>
    public static Accumulators<TFirst, TSecond> Empty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new() { First = TFirst.Empty, Second = TSecond.Empty };
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Accumulators<TFirst, TSecond> Merge(Accumulators<TFirst, TSecond> a, Accumulators<TFirst, TSecond> b)
        => new() { First = TFirst.Merge(a.First, b.First), Second = TSecond.Merge(a.Second, b.Second) };

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FinishLanes()
    {
        First.FinishLanes();
        Second.FinishLanes();
    }
}
