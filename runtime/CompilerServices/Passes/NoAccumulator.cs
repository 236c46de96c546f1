using System.ComponentModel;

namespace KernelGen.CompilerServices;

/// <summary>The accumulator of a pass that reduces nothing (it only writes).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct NoAccumulator : IRowAccumulator<NoAccumulator>
{
    /// <inheritdoc/>
    public static NoAccumulator Empty => default;

    /// <inheritdoc/>
    public static NoAccumulator Merge(in NoAccumulator a, in NoAccumulator b) => default;

    /// <inheritdoc/>
    public readonly void FinishLanes()
    {
    }
}
