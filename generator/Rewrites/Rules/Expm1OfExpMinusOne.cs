using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>exp(x) - 1</c> becomes <c>expm1(x)</c>.</summary>
internal sealed class Expm1OfExpMinusOne : RewriteRule
{
    public override string Name => "expm1";

    public override string Reason => "exp(x) - 1 cancels for small x (exp(1e-8) - 1 is 0 in float); expm1(x) is accurate there";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op == Op.Sub && node.A.Op == Op.Exp && node.B.IsConst(1) && node.Kind == node.A.Kind)
            return graph.Unary(Op.Expm1, node.A.A);
        if (node.Op == Op.Add && Patterns.OtherThan(node, c => c.IsConst(-1)) is { Op: Op.Exp } e && node.Kind == e.Kind)
            return graph.Unary(Op.Expm1, e.A);
        return null;
    }
}
