using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>log(sum(exp(v)))</c> becomes <c>m + log(sum(exp(v - m)))</c> with <c>m = stopgrad(max(v))</c>.</summary>
internal sealed class LogSumExpMaxShift : RewriteRule
{
    public override string Name => "log-sum-exp-max-shift";

    public override string Reason => "log(sum(exp(v))) overflows above 88.7 and underflows to log(0) below -103; with the max taken out the sum lies in [1, n]";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Log || node.A.Op != Op.Sum || node.A.A.Op != Op.Exp) return null;
        var v = node.A.A.A;
        if (!v.IsVector || IsMaxShifted(v)) return null;
        var shifted = MaxShift(v, graph);
        var m = shifted.B;
        return graph.Binary(Op.Add, m, graph.Unary(Op.Log, graph.Reduce(Op.Sum, graph.Unary(Op.Exp, shifted))));
    }
}
