using System.Runtime.CompilerServices;
using KernelGen.CompilerServices;

namespace KernelGen.Tests.Passes;

// Row operators written as the generator writes them (one generic element expression, forwarded from Vector and
// Scalar), for tests of the drivers without the generator.

/// <summary>Sum of stream 0.</summary>
internal readonly struct SumOperator : IRowOperator<SumAccumulator>
{
    public void Vector(in RowStreams streams, nuint i, ref SumAccumulator sum) => Invoke<VectorLanes>(streams, i, ref sum);

    public void Scalar(in RowStreams streams, nuint i, ref SumAccumulator sum) => Invoke<ScalarLane>(streams, i, ref sum);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Invoke<T>(in RowStreams streams, nuint i, ref SumAccumulator sum) where T : struct, ILanes<T>
        => sum.Add(streams.Load<T>(0, i));
}

/// <summary>Sum of stream 0 times stream 1, as a multiply-add.</summary>
internal readonly struct DotOperator : IRowOperator<SumAccumulator>
{
    public void Vector(in RowStreams streams, nuint i, ref SumAccumulator dot) => Invoke<VectorLanes>(streams, i, ref dot);

    public void Scalar(in RowStreams streams, nuint i, ref SumAccumulator dot) => Invoke<ScalarLane>(streams, i, ref dot);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Invoke<T>(in RowStreams streams, nuint i, ref SumAccumulator dot) where T : struct, ILanes<T>
        => dot.AddProduct(streams.Load<T>(0, i), streams.Load<T>(1, i));
}

/// <summary>Max and min of stream 0 in one pass.</summary>
internal readonly struct MaxMinOperator : IRowOperator<Accumulators<MaxAccumulator, MinAccumulator>>
{
    public void Vector(in RowStreams streams, nuint i, ref Accumulators<MaxAccumulator, MinAccumulator> both) => Invoke<VectorLanes>(streams, i, ref both);

    public void Scalar(in RowStreams streams, nuint i, ref Accumulators<MaxAccumulator, MinAccumulator> both) => Invoke<ScalarLane>(streams, i, ref both);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Invoke<T>(in RowStreams streams, nuint i, ref Accumulators<MaxAccumulator, MinAccumulator> both) where T : struct, ILanes<T>
    {
        T x = streams.Load<T>(0, i);
        both.First.Add(x);
        both.Second.Add(x);
    }
}

/// <summary>The running max of stream 0 and the sum of exp(x - max).</summary>
internal readonly struct RunningOperator : IRowOperator<RunningMaxSumAccumulator>
{
    public void Vector(in RowStreams streams, nuint i, ref RunningMaxSumAccumulator running) => Invoke<VectorLanes>(streams, i, ref running);

    public void Scalar(in RowStreams streams, nuint i, ref RunningMaxSumAccumulator running) => Invoke<ScalarLane>(streams, i, ref running);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Invoke<T>(in RowStreams streams, nuint i, ref RunningMaxSumAccumulator running) where T : struct, ILanes<T>
        => running.Add(streams.Load<T>(0, i));
}

/// <summary>Writes exp(stream 0 - shift) * scale into stream 1: a scalar from outside the loop and a write.</summary>
internal readonly struct ScaledExpOperator(VectorLanes shift, VectorLanes scale) : IRowOperator<NoAccumulator>
{
    public void Vector(in RowStreams streams, nuint i, ref NoAccumulator none) => Invoke<VectorLanes>(streams, i);

    public void Scalar(in RowStreams streams, nuint i, ref NoAccumulator none) => Invoke<ScalarLane>(streams, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Invoke<T>(in RowStreams streams, nuint i) where T : struct, ILanes<T>
        => streams.Store(1, i, T.Exp(streams.Load<T>(0, i) - T.Of(shift)) * T.Of(scale));
}

/// <summary>Five sums at once (stream k times k + 1): an accumulator too large for four copies, run one vector at a time.</summary>
internal readonly struct FiveSumsOperator : IRowOperator<Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, SumAccumulator>>>>>
{
    public void Vector(in RowStreams streams, nuint i, ref Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, SumAccumulator>>>> sums)
        => Invoke<VectorLanes>(streams, i, ref sums);

    public void Scalar(in RowStreams streams, nuint i, ref Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, SumAccumulator>>>> sums)
        => Invoke<ScalarLane>(streams, i, ref sums);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Invoke<T>(in RowStreams streams, nuint i, ref Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, Accumulators<SumAccumulator, SumAccumulator>>>> sums)
        where T : struct, ILanes<T>
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
    public void Vector(in RowStreams streams, nuint i, ref SumAccumulator sum) => Invoke<VectorLanes>(streams, i, ref sum);

    public void Scalar(in RowStreams streams, nuint i, ref SumAccumulator sum) => Invoke<ScalarLane>(streams, i, ref sum);

    private void Invoke<T>(in RowStreams streams, nuint i, ref SumAccumulator sum) where T : struct, ILanes<T>
        => sum.Add(streams.Load<T>(stream, i));
}
