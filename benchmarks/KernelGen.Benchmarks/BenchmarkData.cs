using System;
using System.Runtime.InteropServices;

namespace KernelGen.Benchmarks;

/// <summary>
/// Inputs and buffers for the benchmarks. Every input comes from <see cref="Seed"/>, so two launches, and two
/// machines, measure the same numbers.
/// </summary>
internal static class BenchmarkData
{
    /// <summary>The seed of every input.</summary>
    public const int Seed = 42;

    // Where an array happens to land decides whether vector loads and stores straddle cache lines, which can move a
    // result between launches by more than the differences being measured. Buffers are pinned and start on a
    // 64-byte boundary, so every launch sees the same layout.
    private const int AlignmentBytes = 64;

    /// <summary>A zeroed buffer of <paramref name="length"/> floats starting on a 64-byte boundary; pinned, so it
    /// stays there.</summary>
    public static Memory<float> Aligned(int length)
    {
        const int padding = AlignmentBytes / sizeof(float);
        float[] array = GC.AllocateArray<float>(length + padding, pinned: true);
        GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            int misalignment = (int)(handle.AddrOfPinnedObject().ToInt64() & (AlignmentBytes - 1));
            int start = misalignment == 0 ? 0 : (AlignmentBytes - misalignment) / sizeof(float);
            return array.AsMemory(start, length);
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>An aligned buffer of floats uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <remarks>Logits come from [-5, 5]: the spread a trained classifier produces, and small enough that even
    /// the softmax without a max shift stays finite, so every implementation computes the same thing.</remarks>
    public static Memory<float> Uniform(Random random, int length, float low, float high)
    {
        Memory<float> buffer = Aligned(length);
        Span<float> span = buffer.Span;
        for (int i = 0; i < span.Length; i++) span[i] = (float)(low + (high - low) * random.NextDouble());
        return buffer;
    }

    /// <summary>One class label per row, uniform over <paramref name="classes"/>.</summary>
    public static int[] Labels(Random random, int rows, int classes)
    {
        var labels = new int[rows];
        for (int r = 0; r < rows; r++) labels[r] = random.Next(classes);
        return labels;
    }
}
