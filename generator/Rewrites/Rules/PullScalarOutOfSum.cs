using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>sum(v * s)</c>, <c>sum(v / s)</c> and <c>sum(-v)</c> with scalar s become <c>sum(v) * s</c>, <c>sum(v) / s</c>, <c>-sum(v)</c>.</summary>
internal sealed class PullScalarOutOfSum : RewriteRule
{
    public override string Name => "pull-scalar-out-of-sum";

    public override string Reason => "a scalar factor of every term is applied once to the sum instead of to each element";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Sum) return null;
        var v = node.A;
        if (v.Op == Op.Neg) return graph.Unary(Op.Neg, graph.Reduce(Op.Sum, v.A));
        if (v.Op == Op.Div && v.B.IsScalar && v.A.IsVector) return graph.Binary(Op.Div, graph.Reduce(Op.Sum, v.A), v.B);
        if (v.Op == Op.Mul && v.B.IsScalar && v.A.IsVector) return graph.Binary(Op.Mul, graph.Reduce(Op.Sum, v.A), v.B);
        if (v.Op == Op.Mul && v.A.IsScalar && v.B.IsVector) return graph.Binary(Op.Mul, graph.Reduce(Op.Sum, v.B), v.A);
        return null;
    }
}
