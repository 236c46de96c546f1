using System.Runtime.CompilerServices;
using KernelGen.CompilerServices;

namespace KernelGen.Tests.Passes;

// Row operators written as the generator writes them (one generic element expression, implemented explicitly), for tests of the drivers without the generator.

/// <summary>Sum of stream 0.</summary>
internal readonly struct SumOperator : IRowOperator<SumAccumulator>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IRowOperator<SumAccumulator>.Invoke<T>(in RowStreams streams, nuint i, ref SumAccumulator sum)
        => sum.Add(streams.Load<T>(0, i));
}

/// <summary>Sum of stream 0 times stream 1, as a multiply-add.</summary>
internal readonly struct DotOperator : IRowOperator<SumAccumulator>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IRowOperator<SumAccumulator>.Invoke<T>(in RowStreams streams, nuint i, ref SumAccumulator dot)
        => dot.AddProduct(streams.Load<T>(0, i), streams.Load<T>(1, i));
}

/// <summary>Max and min of stream 0 in one pass.</summary>
internal readonly struct MaxMinOperator : IRowOperator<Accumulators<MaxAccumulator, MinAccumulator>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IRowOperator<Accumulators<MaxAccumulator, MinAccumulator>>.Invoke<T>(in RowStreams streams, nuint i, ref Accumulators<MaxAccumulator, MinAccumulator> both)
    {
        T x = streams.Load<T>(0, i);
        both.First.Add(x);
        both.Second.Add(x);
    }
}

/// <summary>The running max of stream 0 and the sum of exp(x - max).</summary>
internal readonly struct RunningOperator : IRowOperator<RunningMaxSumAccumulator>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IRowOperator<RunningMaxSumAccumulator>.Invoke<T>(in RowStreams streams, nuint i, ref RunningMaxSumAccumulator running)
        => running.Add(streams.Load<T>(0, i));
}

/// <summary>Writes exp(stream 0 - shift) * scale into stream 1: a scalar from outside the loop and a write.</summary>
internal readonly struct ScaledExpOperator(VectorLanes shift, VectorLanes scale) : IRowOperator<NoAccumulator>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IRowOperator<NoAccumulator>.Invoke<T>(in RowStreams streams, nuint i, ref NoAccumulator none)
        => streams.Store(1, i, T.Exp(streams.Load<T>(0, i) - T.Of(shift)) * T.Of(scale));
}

/// <summary>Five sums at once (stream k times k + 1): an accumulator too large for four copies, run one vector at a time.</summary>
internal readonly struct FiveSumsOperator : IRowOperator<Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, SumAccumulator>>>>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IRowOperator<Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, SumAccumulator>>>>>.Invoke<T>(in RowStreams streams, nuint i, ref Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, SumAccumulator>>>> sums)
    {
        T x = streams.Load<T>(0, i);
        sums.First.Add(x);
        sums.Second.First.Add(x * T.Create(2f));
        sums.Second.Second.First.Add(x * T.Create(3f));
        sums.Second.Second.Second.First.Add(x * T.Create(4f));
        sums.Second.Second.Second.Second.Add(x * T.Create(5f));
    }
}

/// <summary>The sum of stream <paramref name="stream"/>: reads any of the streams.</summary>
internal readonly struct StreamSumOperator(int stream) : IRowOperator<SumAccumulator>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IRowOperator<SumAccumulator>.Invoke<T>(in RowStreams streams, nuint i, ref SumAccumulator sum)
        => sum.Add(streams.Load<T>(stream, i));
}

/// <summary>Sums stream 0 and overwrites it with NaN: a pass that writes what it reads, with a reduction.</summary>
internal readonly struct SumThenPoisonOperator : IRowOperator<SumAccumulator>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IRowOperator<SumAccumulator>.Invoke<T>(in RowStreams streams, nuint i, ref SumAccumulator sum)
    {
        T x = streams.Load<T>(0, i);
        sum.Add(x);
        streams.Store(0, i, T.Create(float.NaN));
    }
}

/// <summary>Stream 0 becomes 2 * stream 0 + 1, in place: applied twice to an element, the result would show it.</summary>
internal readonly struct DoubleInPlaceOperator : IRowOperator<NoAccumulator>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IRowOperator<NoAccumulator>.Invoke<T>(in RowStreams streams, nuint i, ref NoAccumulator none)
        => streams.Store(0, i, T.MultiplyAdd(streams.Load<T>(0, i), T.Create(2f), T.Create(1f)));
}

/// <summary>The element of stream 0 at <paramref name="label"/>, picked by a one-hot mask: the element index each lane sees.</summary>
internal readonly struct PickOperator(int label) : IRowOperator<SumAccumulator>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IRowOperator<SumAccumulator>.Invoke<T>(in RowStreams streams, nuint i, ref SumAccumulator picked)
        => picked.AddProduct(T.OneHot(i, label), streams.Load<T>(0, i));
}
