using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

/// <summary>
/// The loop of one pass over a row, for every generated kernel: four vectors per iteration with independent
/// accumulators, then their merge, then one vector at a time, then the last elements one by one (the whole row where
/// <c>Vector256</c> is not accelerated); or, for a pass of a large core, one vector at a time throughout
/// (<see cref="RunOneVectorAtATime{TOperator, TAccumulator}"/>). The element expression is the operator's.
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
    // The one-element tail stays inline too: as a call, even one never made (128 elements leave no tail), it made
    // the catalog's 128-element rows 10-30% slower.
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
                // One merge per statement: nested, the inner results would be temporaries of the core (see VectorMath.ExpMinusOne).
                a0 = TAccumulator.Merge(a0, a1);
                a2 = TAccumulator.Merge(a2, a3);
                a0 = TAccumulator.Merge(a0, a2);
            }
            for (; i + 8 <= n; i += 8) op.Invoke<VectorLanes>(streams, i, ref a0);
            a0.FinishLanes();
        }
        for (; i < n; i++) op.Invoke<ScalarLane>(streams, i, ref a0);
        return a0;
    }

    /// <summary>
    /// Runs <paramref name="op"/> over elements 0 to <paramref name="length"/> - 1 of <paramref name="streams"/>, one
    /// vector per iteration: for a pass of a core that could not hold the six inlined copies of its element expression
    /// that <see cref="Run{TOperator, TAccumulator}"/> makes (the generator's unrolling policy decides).
    /// </summary>
    /// <typeparam name="TOperator">The pass's operator.</typeparam>
    /// <typeparam name="TAccumulator">What it reduces.</typeparam>
    /// <param name="op">The operator, with the scalars the pass needs.</param>
    /// <param name="streams">The spans the operator reads and writes.</param>
    /// <param name="length">The number of elements.</param>
    /// <returns>The reductions over the row.</returns>
    // One inlined copy of the element expression instead of six: each exp, log or sigmoid inlined into a core takes a
    // dozen or more of the 512 locals the JIT allows a method, and a core past that limit stops inlining and leaves
    // its loads and exps as calls, which costs far more than the unrolling gains (an exp pass one vector at a time
    // measured 10% slower, a core out of locals up to 3x).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TAccumulator RunOneVectorAtATime<TOperator, TAccumulator>(TOperator op, RowStreams streams, int length)
        where TOperator : struct, IRowOperator<TAccumulator>
        where TAccumulator : struct, IRowAccumulator<TAccumulator>
    {
        var total = TAccumulator.Empty;
        nuint i = 0, n = (nuint)length;
        if (Vector256.IsHardwareAccelerated)
        {
            // In blocks, each with an accumulator of its own merged into the total: one accumulator over a row of a
            // million elements would take 131072 adds per lane, and a float sum that long loses four digits (the
            // unrolled loop's four accumulators take a quarter each).
            while (i + 8 <= n)
            {
                var block = TAccumulator.Empty;
                nuint end = n - i > OneVectorBlockLength ? i + OneVectorBlockLength : n;
                for (; i + 8 <= end; i += 8) op.Invoke<VectorLanes>(streams, i, ref block);
                total = TAccumulator.Merge(total, block);
            }
            total.FinishLanes();
        }
        if (i < n) total = OneByOne(op, streams, i, n, total);
        return total;
    }

    // A multiple of eight: every block but the last is whole vectors.
    private const nuint OneVectorBlockLength = 1024;

    // The last elements of a long expression's pass, out of line: one inlined copy of such an expression is a large
    // share of a core's locals, and a call costs little next to the work of a few elements of it. The accumulator goes
    // in and out by value: passed by reference, it would have to live in memory through the vector loop.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TAccumulator OneByOne<TOperator, TAccumulator>(TOperator op, RowStreams streams, nuint i, nuint n, TAccumulator accumulator)
        where TOperator : struct, IRowOperator<TAccumulator>
        where TAccumulator : struct, IRowAccumulator<TAccumulator>
    {
        for (; i < n; i++) op.Invoke<ScalarLane>(streams, i, ref accumulator);
        return accumulator;
    }
}
