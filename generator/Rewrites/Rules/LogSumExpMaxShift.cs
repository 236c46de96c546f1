using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>log(sum(exp(v)))</c> becomes <c>m + log(sum(exp(v - m)))</c> with <c>m = stopgrad(max(v))</c>.</summary>
internal sealed class LogSumExpMaxShift : RewriteRule
{
    public override string Name => "log-sum-exp-max-shift";

    public override string Reason => "log(sum(exp(v))) overflows above 88.7 and underflows to log(0) below -103; with the max taken out the sum lies in [1, n] (a scaled row u * t is shifted before the scaling, so the shifted exponents and the gradient of t keep their digits)";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Log || node.A.Op != Op.Sum || node.A.A.Op != Op.Exp) return null;
        var v = node.A.A.A;
        if (!v.IsVector || IsMaxShifted(v) || ScaledShift.IsShifted(v)) return null;
        if (ScaledShift.TrySplit(v, out var u, out var scale))
        {
            // log(sum(exp(u * t))) = c * t + log(sum(exp((u - c) * t))): the shift is taken out before the scaling.
            var c = graph.Unary(Op.StopGrad, ScaledShift.Extreme(u, scale, graph));
            var rowShifted = ScaledShift.Shift(v, u, scale, c, graph);
            return graph.Binary(Op.Add, graph.Binary(v.Op, c, scale), graph.Unary(Op.Log, graph.Reduce(Op.Sum, graph.Unary(Op.Exp, rowShifted))));
        }
        var shifted = MaxShift(v, graph);
        var m = shifted.B;
        return graph.Binary(Op.Add, m, graph.Unary(Op.Log, graph.Reduce(Op.Sum, graph.Unary(Op.Exp, shifted))));
    }
}
