using System.ComponentModel;

namespace KernelGen.CompilerServices;

/// <summary>
/// What a pass reduces (a sum, a max, a running max with its sum of exps, or several of these). The driver keeps
/// four of them in the vector loop, so consecutive adds do not wait on each other, merges them, folds the
/// lanes into one value, and lets the tail continue from there.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRowAccumulator<TSelf> where TSelf : struct, IRowAccumulator<TSelf>
{
    /// <summary>The accumulator before any element: 0 for a sum, -infinity for a max.</summary>
    static abstract TSelf Empty { get; }

    /// <summary>Two vector accumulators' lanes combined, lane by lane.</summary>
    // By value, not in: see IRowOperator (an in parameter here made the compiler add a bridge method to every accumulator).
    static abstract TSelf Merge(TSelf a, TSelf b);

    /// <summary>Folds the eight lanes into the one value the tail continues from.</summary>
    void FinishLanes();
}
