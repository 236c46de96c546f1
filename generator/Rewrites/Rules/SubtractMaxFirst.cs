using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>v - (m + c)</c> with <c>m = stopgrad(max(v))</c> becomes <c>(v - m) - c</c>: a log-softmax written by hand, v - logsumexp(v).</summary>
internal sealed class SubtractMaxFirst : RewriteRule
{
    public override string Name => "subtract-max-first";

    public override string Reason => "m + log(s) rounds at the ulp of the row max m (6e-5 for logits near 1000) and takes those digits from every v - logsumexp(v); v - m is exact near the max, so it is subtracted first";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Sub || node.B.Op != Op.Add || !node.A.IsVector) return null;
        foreach (var (m, c) in Patterns.Operands(node.B))
        {
            if (m.Op == Op.StopGrad && m.A.Op == Op.ReduceMax && m.A.A == node.A && c.IsScalar)
                return graph.Binary(Op.Sub, graph.Binary(Op.Sub, node.A, m), c);
        }
        return null;
    }
}
