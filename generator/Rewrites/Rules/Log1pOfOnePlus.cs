using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>log(1 + x)</c> becomes <c>log1p(x)</c>.</summary>
internal sealed class Log1pOfOnePlus : RewriteRule
{
    public override string Name => "log1p";

    public override string Reason => "1 + x rounds away the digits of a small x before the log sees them (log(1 + 1e-8) is 0 in float); log1p(x) keeps them";

    public override Node? Apply(Node node, Graph graph)
        => node.Op == Op.Log && Patterns.OnePlus(node.A) is { } x && x.Op != Op.Exp ? graph.Unary(Op.Log1p, x) : null;
}
