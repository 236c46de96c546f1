using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary>
/// <c>t * softplus(-z) + (1 - t) * softplus(z)</c>, binary cross-entropy with logits once the log-sigmoid rules have
/// run, becomes <c>(1 - t) * max(z, 0) + t * max(-z, 0) + softplus(-|z|)</c>: softplus(z) = max(z, 0) + softplus(-|z|),
/// and softplus(-z) = max(-z, 0) + softplus(-|z|). One softplus per element, as in the shorter
/// <c>softplus(z) - t * z</c>, but without its cancellation: for t in [0, 1] every term is at least 0, where
/// softplus(z) - t z subtracts two numbers near z (at z = 1e4 the product t z alone is off by up to 5e-4).
/// </summary>
internal sealed class BinaryCrossEntropyForm : RewriteRule
{
    public override string Name => "binary-cross-entropy-with-logits";

    public override string Reason => "the two softplus terms of binary cross-entropy share softplus(-|z|), so one softplus per element suffices; splitting the rest into max(z, 0) and max(-z, 0) keeps every term non-negative, where softplus(z) - t z would cancel for large |z|";

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
                {
                    var zero = graph.Const(0);
                    var positivePart = graph.Binary(Op.Mul, oneMinusT, graph.Binary(Op.Max, z, zero));
                    var negativePart = graph.Binary(Op.Mul, t, graph.Binary(Op.Max, graph.Unary(Op.Neg, z), zero));
                    var shared = graph.Unary(Op.Softplus, graph.Unary(Op.Neg, graph.Unary(Op.Abs, z)));
                    return graph.Binary(Op.Add, graph.Binary(Op.Add, positivePart, negativePart), shared);
                }
            }
        }
        return null;
    }
}
