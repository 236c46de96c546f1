using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary>
/// Identities that remove work without changing values: x+0, x*1, x/1, --x, max(x, x), stopgrad(stopgrad(x)), and
/// sign moves (a + -b = a - b, -(a - b) = b - a, a * -b = -(a * b)) that let negations cancel.
/// </summary>
internal sealed class AlgebraicIdentities : RewriteRule
{
    public override string Name => "algebraic-simplification";

    public override string Reason => "identities such as x + 0, x * 1 and -(a - b) = b - a remove operations the other rules leave behind";

    public override Node? Apply(Node node, Graph graph)
    {
        switch (node.Op)
        {
            case Op.Add when node.B.IsConst(0) && Same(node, node.A): return node.A;
            case Op.Add when node.A.IsConst(0) && Same(node, node.B): return node.B;
            case Op.Add when node.B.Op == Op.Neg: return graph.Binary(Op.Sub, node.A, node.B.A);
            case Op.Add when node.A.Op == Op.Neg: return graph.Binary(Op.Sub, node.B, node.A.A);
            case Op.Sub when node.B.IsConst(0) && Same(node, node.A): return node.A;
            case Op.Sub when node.A.IsConst(0): return graph.Unary(Op.Neg, node.B);
            case Op.Sub when node.B.Op == Op.Neg: return graph.Binary(Op.Add, node.A, node.B.A);
            case Op.Mul when node.B.IsConst(1) && Same(node, node.A): return node.A;
            case Op.Mul when node.A.IsConst(1) && Same(node, node.B): return node.B;
            case Op.Mul when node.A.IsConst(-1): return graph.Unary(Op.Neg, node.B);
            case Op.Mul when node.B.IsConst(-1): return graph.Unary(Op.Neg, node.A);
            case Op.Mul when (node.A.IsConst(0) || node.B.IsConst(0)) && node.IsScalar: return graph.Const(0);
            case Op.Mul when node.B.Op == Op.Neg: return graph.Unary(Op.Neg, graph.Binary(Op.Mul, node.A, node.B.A));
            case Op.Mul when node.A.Op == Op.Neg: return graph.Unary(Op.Neg, graph.Binary(Op.Mul, node.A.A, node.B));
            case Op.Div when node.B.IsConst(1): return node.A;
            case Op.Div when node.A.Op == Op.Neg: return graph.Unary(Op.Neg, graph.Binary(Op.Div, node.A.A, node.B));
            case Op.Neg when node.A.Op == Op.Neg: return node.A.A;
            case Op.Neg when node.A.Op == Op.Sub: return graph.Binary(Op.Sub, node.A.B, node.A.A);
            case Op.StopGrad when node.A.Op == Op.StopGrad: return node.A;
            case Op.Min or Op.Max when node.A == node.B: return node.A;
            case Op.GreaterOrEqualMask or Op.EqualMask when node.A == node.B && node.IsScalar: return graph.Const(1);
            case Op.StepMask when node.A == node.B && node.IsScalar: return graph.Const(0.5f);
        }
        return null;
    }

    /// <summary>Dropping an operand is only an identity when it does not change the shape (x + 0 with scalar x and vector 0 is a broadcast).</summary>
    private static bool Same(Node node, Node kept) => node.Kind == kept.Kind;
}
