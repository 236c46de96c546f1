using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>exp(v) / sum(exp(v))</c> becomes <c>exp(v - m) / sum(exp(v - m))</c> with <c>m = stopgrad(max(v))</c>.</summary>
internal sealed class SoftmaxMaxShift : RewriteRule
{
    public override string Name => "softmax-max-shift";

    public override string Reason => "exp(v) / sum(exp(v)) overflows once an element passes 88.7; softmax is unchanged by subtracting the row max, after which every exp is at most 1 (a scaled row u * t is shifted before the scaling, as (u - max(u)) * t, so no digits are lost to the rounding of u * t)";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Div || node.A.Op != Op.Exp || !node.A.IsVector) return null;
        if (node.B.Op != Op.Sum || node.B.A != node.A) return null;
        var v = node.A.A;
        if (IsMaxShifted(v) || ScaledShift.IsShifted(v)) return null;
        var shifted = ScaledShift.TrySplit(v, out var u, out var scale)
            ? ScaledShift.Shift(v, u, scale, graph.Unary(Op.StopGrad, ScaledShift.Extreme(u, scale, graph)), graph)
            : MaxShift(v, graph);
        var e = graph.Unary(Op.Exp, shifted);
        return graph.Binary(Op.Div, e, graph.Reduce(Op.Sum, e));
    }
}
