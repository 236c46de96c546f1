using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>log(exp(u) / s)</c> becomes <c>u - log(s)</c>: log-softmax without a probability in between.</summary>
internal sealed class LogOfExpQuotient : RewriteRule
{
    public override string Name => "log-softmax";

    public override string Reason => "log(softmax(v)) takes the log of probabilities that underflow to 0 (giving -inf); v - logsumexp(v) is exact there";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Log || node.A.Op != Op.Div || node.A.A.Op != Op.Exp) return null;
        return graph.Binary(Op.Sub, node.A.A.A, graph.Unary(Op.Log, node.A.B));
    }
}
