using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>(v - a) - b</c> with scalars a, b becomes <c>v - (a + b)</c>.</summary>
internal sealed class GroupScalarShifts : RewriteRule
{
    public override string Name => "group-scalar-shifts";

    public override string Reason => "subtracting the max and then log(sum) per element is two operations; their sum is the log-sum-exp, subtracted once";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Sub || !node.B.IsScalar || node.A.Op != Op.Sub || !node.A.B.IsScalar || !node.A.A.IsVector) return null;
        // A max shift stays as it is: folded into another scalar it would no longer be recognized as one,
        // and the shift rules would shift it again, forever.
        if (IsMaxShifted(node)) return null;
        return graph.Binary(Op.Sub, node.A.A, graph.Binary(Op.Add, node.A.B, node.B));
    }
}
