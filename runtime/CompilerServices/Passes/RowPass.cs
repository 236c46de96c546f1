using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

/// <summary>
/// The loop of one pass over a row, for every generated kernel: four vectors per iteration with independent
/// accumulators, then their merge, then one vector at a time, then the last elements one by one (the whole row where
/// <c>Vector256</c> is not accelerated). The element expression is the operator's.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RowPass
{
    // Four accumulators of up to this size fit in the sixteen vector registers of AVX2 with room for the
    // operator's temporaries; a pass with more reductions (a few dot products at once) runs one vector at a time,
    // its many accumulators already keeping the adds independent.
    private const int UnrolledAccumulatorBytes = 128;

    /// <summary>Runs <paramref name="op"/> over elements 0 to <paramref name="length"/> - 1 of <paramref name="streams"/>.</summary>
    /// <typeparam name="TOperator">The pass's operator.</typeparam>
    /// <typeparam name="TAccumulator">What it reduces.</typeparam>
    /// <param name="op">The operator, with the scalars the pass needs.</param>
    /// <param name="streams">The spans the operator reads and writes.</param>
    /// <param name="length">The number of elements.</param>
    /// <returns>The reductions over the row.</returns>
    // Inlined into each generated pass: the streams' refs then live in registers, the unused slots vanish, and a short
    // row (ten to a few hundred logits, batch after batch) pays no call and no copy per pass (a call per pass made
    // 128-element rows 37-58% slower). The core it is inlined into is compiled fully optimized at its first call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TAccumulator Run<TOperator, TAccumulator>(TOperator op, RowStreams streams, int length)
        where TOperator : struct, IRowOperator<TAccumulator>
        where TAccumulator : struct, IRowAccumulator<TAccumulator>
    {
        var a0 = TAccumulator.Empty;
        nuint i = 0, n = (nuint)length;
        if (Vector256.IsHardwareAccelerated)
        {
            if (Unsafe.SizeOf<TAccumulator>() <= UnrolledAccumulatorBytes)
            {
                TAccumulator a1 = a0, a2 = a0, a3 = a0;
                for (; i + 32 <= n; i += 32)
                {
                    op.Invoke<VectorLanes>(streams, i, ref a0);
                    op.Invoke<VectorLanes>(streams, i + 8, ref a1);
                    op.Invoke<VectorLanes>(streams, i + 16, ref a2);
                    op.Invoke<VectorLanes>(streams, i + 24, ref a3);
                }
                a0 = TAccumulator.Merge(TAccumulator.Merge(a0, a1), TAccumulator.Merge(a2, a3));
            }
            for (; i + 8 <= n; i += 8) op.Invoke<VectorLanes>(streams, i, ref a0);
            a0.FinishLanes();
        }
        for (; i < n; i++) op.Invoke<ScalarLane>(streams, i, ref a0);
        return a0;
    }
}
