using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KernelGen;

/// <summary>
/// Helpers for kernels that process eight short rows at once, one row per vector lane. A tile holds element
/// <c>j</c> of the eight rows at <c>tile[8 * j + lane]</c>, so a pass along the rows loads one whole vector per
/// element and every reduction is a lane-wise operation: no horizontal sums, no scalar tail.
/// Public because generated code lives in user assemblies.
/// </summary>
public static class RowLanes
{
    /// <summary>Rows per tile: the lanes of a <see cref="Vector256{T}"/> of floats.</summary>
    public const int Count = 8;

    /// <summary>Copies eight consecutive rows of <paramref name="length"/> elements into a tile.</summary>
    public static void ToTile(ReadOnlySpan<float> rows, int length, Span<float> tile)
    {
        if (rows.Length < Count * length || tile.Length < Count * length)
            throw new ArgumentException($"A tile of {Count} rows of {length} needs {Count * length} elements.", nameof(tile));
        ref float source = ref MemoryMarshal.GetReference(rows);
        ref float target = ref MemoryMarshal.GetReference(tile);
        for (int lane = 0; lane < Count; lane++)
        {
            ref float row = ref Unsafe.Add(ref source, lane * length);
            for (int j = 0; j < length; j++) Unsafe.Add(ref target, Count * j + lane) = Unsafe.Add(ref row, j);
        }
    }

    /// <summary>Copies a tile back into eight consecutive rows of <paramref name="length"/> elements.</summary>
    public static void FromTile(ReadOnlySpan<float> tile, int length, Span<float> rows)
    {
        if (rows.Length < Count * length || tile.Length < Count * length)
            throw new ArgumentException($"A tile of {Count} rows of {length} needs {Count * length} elements.", nameof(rows));
        ref float source = ref MemoryMarshal.GetReference(tile);
        ref float target = ref MemoryMarshal.GetReference(rows);
        for (int lane = 0; lane < Count; lane++)
        {
            ref float row = ref Unsafe.Add(ref target, lane * length);
            for (int j = 0; j < length; j++) Unsafe.Add(ref row, j) = Unsafe.Add(ref source, Count * j + lane);
        }
    }

    /// <summary>Each row's label, one per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Labels(ReadOnlySpan<int> labels) => Vector256.Create(labels.Slice(0, Count));

    /// <summary>Element <c>labels[lane]</c> of each lane's row: <c>tile[8 * labels[lane] + lane]</c>.</summary>
    public static Vector256<float> Gather(ReadOnlySpan<float> tile, Vector256<int> labels)
    {
        Span<float> picked = stackalloc float[Count];
        for (int lane = 0; lane < Count; lane++) picked[lane] = tile[Count * labels.GetElement(lane) + lane];
        return Vector256.Create((ReadOnlySpan<float>)picked);
    }

    /// <summary>Adds <paramref name="value"/>'s lanes to each row's element at its label: a one-hot term, applied once per row.</summary>
    public static void AddAt(Span<float> tile, Vector256<int> labels, Vector256<float> value)
    {
        for (int lane = 0; lane < Count; lane++) tile[Count * labels.GetElement(lane) + lane] += value.GetElement(lane);
    }

    /// <summary>1 in the lanes whose row's label is <paramref name="element"/>, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> OneHot(int element, Vector256<int> labels)
        => Vector256.Equals(labels, Vector256.Create(element)).AsSingle() & Vector256<float>.One;
}
