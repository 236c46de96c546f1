using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>
/// A rewrite the schedules are built on (<see cref="ScheduledGraph"/>): <c>StopGradient(v)</c> becomes <c>v</c>. The
/// marker only told autodiff which values to hold constant (a softmax's max shift); once the gradients are built it
/// computes nothing, and the schedules and everything after them see the plain expression.
/// </summary>
internal static class StopGradientErasure
{
    /// <summary><paramref name="node"/> without its stop-gradient marker (its operands are already without theirs).</summary>
    public static Node Apply(Node node) => node.Op == Op.StopGrad ? node.A : node;
}
