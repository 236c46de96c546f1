using System;
using System.Runtime.InteropServices;

namespace Compare;

/// <summary>
/// Inputs and output buffers. Base and Head of one case read the same buffers, so neither revision gets a better
/// memory layout than the other, and every input comes from <see cref="Seed"/>, so two runs measure the same numbers.
/// </summary>
internal static class Inputs
{
    /// <summary>The seed of every input.</summary>
    public const int Seed = 42;

    /// <summary>Rows per batch in every benchmark.</summary>
    public const int Rows = 256;

    // Whether vector loads straddle cache lines depends on where an array lands, and that can move a result between
    // launches by more than the differences this comparison looks for. Buffers are pinned and start on 64 bytes.
    private const int AlignmentBytes = 64;

    /// <summary>A zeroed, pinned buffer of <paramref name="length"/> floats starting on a 64-byte boundary.</summary>
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
    public static Memory<float> Uniform(Random random, int length, float low, float high)
    {
        Memory<float> buffer = Aligned(length);
        Span<float> span = buffer.Span;
        for (int i = 0; i < span.Length; i++) span[i] = (float)(low + (high - low) * random.NextDouble());
        return buffer;
    }

    /// <summary>One label per row, uniform over <paramref name="classes"/>.</summary>
    public static int[] Labels(Random random, int rows, int classes)
    {
        var labels = new int[rows];
        for (int r = 0; r < rows; r++) labels[r] = random.Next(classes);
        return labels;
    }
}
