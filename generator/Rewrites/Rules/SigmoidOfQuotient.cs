using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary>
/// <c>exp(u) / (1 + exp(u))</c> becomes <c>sigmoid(u)</c>, and <c>a / (1 + exp(u))</c> becomes <c>a * sigmoid(-u)</c>
/// (so <c>1 / (1 + exp(-x))</c> is <c>sigmoid(x)</c>).
/// </summary>
internal sealed class SigmoidOfQuotient : RewriteRule
{
    public override string Name => "sigmoid";

    public override string Reason => "1 / (1 + exp(-x)) overflows in exp(-x) for x below -88.7, and its gradient becomes inf * 0 = NaN there; sigmoid(x) is computed without overflow, with gradient sigmoid(x) sigmoid(-x)";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Div || Patterns.OnePlus(node.B) is not { Op: Op.Exp } e) return null;
        if (node.A == e) return graph.Unary(Op.Sigmoid, e.A);
        var s = graph.Unary(Op.Sigmoid, graph.Unary(Op.Neg, e.A));
        return node.A.IsConst(1) && node.Kind == s.Kind ? s : graph.Binary(Op.Mul, node.A, s);
    }
}
