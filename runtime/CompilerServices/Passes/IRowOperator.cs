using System.ComponentModel;

namespace KernelGen.CompilerServices;

/// <summary>
/// One pass of a generated kernel: what it computes, reduces and writes at a position. The driver
/// (<see cref="RowPass"/>) owns the loop; the operator owns the element expression.
/// </summary>
/// <typeparam name="TAccumulator">What the pass reduces; <see cref="NoAccumulator"/> for a pass that only writes.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRowOperator<TAccumulator> where TAccumulator : struct, IRowAccumulator<TAccumulator>
{
    /// <summary>Elements <paramref name="index"/> to <paramref name="index"/> + 7.</summary>
    void Vector(in RowStreams streams, nuint index, ref TAccumulator accumulator);

    /// <summary>Element <paramref name="index"/> alone.</summary>
    void Scalar(in RowStreams streams, nuint index, ref TAccumulator accumulator);
}
