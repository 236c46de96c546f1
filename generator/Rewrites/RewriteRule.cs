using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites;

/// <summary>
/// One named rewrite: a pattern on a node and its replacement. <see cref="Reason"/> is the sentence the
/// generated remarks print when the rule fired, so every rule must say why it is there.
/// </summary>
internal abstract class RewriteRule
{
    public abstract string Name { get; }

    public abstract string Reason { get; }

    /// <summary>The replacement for <paramref name="node"/>, or null when the rule does not apply.</summary>
    public abstract Node? Apply(Node node, Graph graph);

    /// <summary>True when <paramref name="shifted"/> is already <c>v - stopgrad(max(v))</c>.</summary>
    protected static bool IsMaxShifted(Node shifted)
        => shifted.Op == Op.Sub && shifted.B.Op == Op.StopGrad && shifted.B.A.Op == Op.ReduceMax && shifted.B.A.A == shifted.A;

    /// <summary>Builds <c>v - stopgrad(max(v))</c>: the shift that keeps exp of every element at most 1.</summary>
    protected static Node MaxShift(Node v, Graph graph)
        => graph.Binary(Op.Sub, v, graph.Unary(Op.StopGrad, graph.Reduce(Op.ReduceMax, v)));
}
