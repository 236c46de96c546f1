using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>log(c * x)</c> with a positive constant c becomes <c>log(c) + log(x)</c>, when x is a sum of exps.</summary>
internal sealed class LogOfScaled : RewriteRule
{
    public override string Name => "log-of-scaled";

    public override string Reason => "the constant factor of a mixture (0.5 (p + q)) comes out of the log, so that the log of the sum of exps inside can be taken stably";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Log || node.A.Op != Op.Mul) return null;
        foreach (var (c, x) in Patterns.Operands(node.A))
        {
            if (c.Op == Op.Const && c.Value > 0 && x.Kind == node.A.Kind && x.Op == Op.Add && Exponents.Of(x.A, graph) is not null && Exponents.Of(x.B, graph) is not null)
                return graph.Binary(Op.Add, graph.Const((float)System.Math.Log(c.Value)), graph.Unary(Op.Log, x));
        }
        return null;
    }
}
