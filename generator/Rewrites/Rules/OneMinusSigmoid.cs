using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>1 - sigmoid(x)</c> becomes <c>sigmoid(-x)</c>.</summary>
internal sealed class OneMinusSigmoid : RewriteRule
{
    public override string Name => "one-minus-sigmoid";

    public override string Reason => "1 - sigmoid(x) cancels to 0 once sigmoid(x) rounds to 1 (x above about 17), and its log is then -inf; sigmoid(-x) is the same value without the cancellation";

    public override Node? Apply(Node node, Graph graph)
        => node.Op == Op.Sub && node.A.IsConst(1) && node.B.Op == Op.Sigmoid && node.Kind == node.B.Kind
            ? graph.Unary(Op.Sigmoid, graph.Unary(Op.Neg, node.B.A))
            : null;
}
