using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary>
/// <c>t * softplus(-z) + (1 - t) * softplus(z)</c>, binary cross-entropy with logits once the log-sigmoid rules have
/// run, becomes <c>softplus(z) - t * z</c> (softplus(-z) = softplus(z) - z).
/// </summary>
internal sealed class BinaryCrossEntropyForm : RewriteRule
{
    public override string Name => "binary-cross-entropy-with-logits";

    public override string Reason => "the two softplus terms of binary cross-entropy differ by exactly z, so one softplus per element suffices, and the gradient comes out as sigmoid(z) - t";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Add || node.A.Op != Op.Mul || node.B.Op != Op.Mul) return null;
        return Match(node.A, node.B, graph) ?? Match(node.B, node.A, graph);
    }

    /// <summary><paramref name="positive"/> = t * softplus(-z), <paramref name="negative"/> = (1 - t) * softplus(z).</summary>
    private static Node? Match(Node positive, Node negative, Graph graph)
    {
        foreach (var (t, sp) in Patterns.Operands(positive))
        {
            if (sp.Op != Op.Softplus || sp.A.Op != Op.Neg) continue;
            var z = sp.A.A;
            foreach (var (oneMinusT, spz) in Patterns.Operands(negative))
            {
                if (spz.Op == Op.Softplus && spz.A == z && oneMinusT.Op == Op.Sub && oneMinusT.A.IsConst(1) && oneMinusT.B == t)
                    return graph.Binary(Op.Sub, spz, graph.Binary(Op.Mul, t, z));
            }
        }
        return null;
    }
}
