using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace KernelGen.CompilerServices;

/// <summary>The accumulator of a pass that reduces nothing (it only writes).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct NoAccumulator : IRowAccumulator<NoAccumulator>
{
    /// <inheritdoc/>
    public static NoAccumulator Empty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => default;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NoAccumulator Merge(NoAccumulator a, NoAccumulator b) => default;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void FinishLanes()
    {
    }
}
