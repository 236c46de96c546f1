using System.ComponentModel;

namespace KernelGen.CompilerServices;

/// <summary>
/// One pass of a generated kernel: what it computes, reduces and writes at a position. The driver
/// (<see cref="RowPass"/>) owns the loop; the operator owns the element expression, written once for eight
/// elements and for one.
/// </summary>
/// <typeparam name="TAccumulator">What the pass reduces; <see cref="NoAccumulator"/> for a pass that only writes.</typeparam>
// One generic method rather than a vector and a scalar method: the operator is a struct and the driver is
// instantiated over it, so the JIT resolves the call exactly and inlines it, and the generated file carries one
// method per pass instead of three. Generated operators implement it explicitly: the in parameter of an interface
// method carries a modifier that a public implementing method does not, so for that one the compiler adds a bridge
// method between the two, and the JIT then counts the whole inlined operator against its inlining budget (it counts
// only chains of AggressiveInlining methods as free) and runs out of it in a core of a few passes.
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRowOperator<TAccumulator> where TAccumulator : struct, IRowAccumulator<TAccumulator>
{
    /// <summary>Elements <paramref name="index"/> to <paramref name="index"/> + 7 (<see cref="VectorLanes"/>), or element <paramref name="index"/> alone (<see cref="ScalarLane"/>).</summary>
    /// <typeparam name="TLanes">Eight elements or one.</typeparam>
    void Invoke<TLanes>(in RowStreams streams, nuint index, ref TAccumulator accumulator) where TLanes : struct, ILanes<TLanes>;
}
