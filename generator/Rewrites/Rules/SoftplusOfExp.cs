using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>log(1 + exp(x))</c> becomes <c>softplus(x)</c>.</summary>
internal sealed class SoftplusOfExp : RewriteRule
{
    public override string Name => "softplus";

    public override string Reason => "log(1 + exp(x)) overflows to +inf once x passes 88.7 although its value is about x; softplus(x) = max(x, 0) + log1p(exp(-|x|)) is finite and accurate everywhere, and its gradient is sigmoid(x)";

    public override Node? Apply(Node node, Graph graph)
        => node.Op == Op.Log && Patterns.OnePlus(node.A) is { Op: Op.Exp } e ? graph.Unary(Op.Softplus, e.A) : null;
}
