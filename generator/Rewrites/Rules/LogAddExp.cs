using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary>
/// <c>log(exp(a) + exp(b))</c>, also when the terms are exps in disguise (<c>exp(u) / s</c>, a softmax probability),
/// becomes <c>logaddexp(a, b)</c>, computed as <c>max(a, b) + softplus(-|a - b|)</c>.
/// </summary>
internal sealed class LogAddExp : RewriteRule
{
    public override string Name => "log-add-exp";

    public override string Reason => "log(exp(a) + exp(b)) overflows once a or b passes 88.7 and is log(0) = -inf once both fall below -103; max(a, b) + softplus(-|a - b|) is exact in both tails";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Log || node.A.Op != Op.Add) return null;
        // log(1 + exp(x)) is the softplus rule's: one exp, not two.
        if (node.A.A.Op == Op.Const || node.A.B.Op == Op.Const) return null;
        if (Exponents.Of(node.A.A, graph) is not { } a || Exponents.Of(node.A.B, graph) is not { } b) return null;
        if (a.Kind != node.Kind || b.Kind != node.Kind && !b.IsScalar) return null;
        // One op, not max(a, b) + softplus(-|a - b|) in the graph: that form reads a and b twice, and a chain of
        // them would double in size with every link.
        return graph.Binary(Op.LogAddExp, a, b);
    }
}
