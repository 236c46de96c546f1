using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>(v - a) - b</c> with scalars a, b becomes <c>v - (a + b)</c>.</summary>
internal sealed class GroupScalarShifts : RewriteRule
{
    public override string Name => "group-scalar-shifts";

    public override string Reason => "two scalars subtracted from every element are added once and subtracted together (a max shift and a log-softmax's log(sum) stay apart, to keep their digits)";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Sub || !node.B.IsScalar || node.A.Op != Op.Sub || !node.A.B.IsScalar || !node.A.A.IsVector) return null;
        // A max shift stays as it is: folded into another scalar it would no longer be recognized as one,
        // and the shift rules would shift it again, forever.
        if (IsMaxShifted(node)) return null;
        // (v - m) - log(s), a log-softmax, keeps its order: v - m is exact near the max, while m + log(s) would
        // round at the ulp of m (6e-5 for logits near 1000) and take those digits from every log-probability.
        if (IsMaxShifted(node.A)) return null;
        // Nor is any shift held constant for the gradient (a scaled row's sign-chosen extreme): folded into
        // another scalar it would not be recognized, and the shift rules would apply it again, forever.
        if (node.B.Op == Op.StopGrad || node.A.B.Op == Op.StopGrad) return null;
        return graph.Binary(Op.Sub, node.A.A, graph.Binary(Op.Add, node.A.B, node.B));
    }
}
