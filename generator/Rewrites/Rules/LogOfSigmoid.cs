using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>log(sigmoid(x))</c> becomes <c>-softplus(-x)</c>.</summary>
internal sealed class LogOfSigmoid : RewriteRule
{
    public override string Name => "log-sigmoid";

    public override string Reason => "sigmoid(x) underflows to 0 below about -103, where its log is -inf although the value is about x; -softplus(-x) is exact there";

    public override Node? Apply(Node node, Graph graph)
        => node.Op == Op.Log && node.A.Op == Op.Sigmoid
            ? graph.Unary(Op.Neg, graph.Unary(Op.Softplus, graph.Unary(Op.Neg, node.A.A)))
            : null;
}
