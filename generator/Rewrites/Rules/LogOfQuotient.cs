using KernelGen.Generator.Ir;
using KernelGen.Generator.Ranges;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary><c>log(x / y)</c> becomes <c>log(x) - log(y)</c> when both are positive (probabilities, exps, sums of them).</summary>
internal sealed class LogOfQuotient : RewriteRule
{
    public override string Name => "log-of-quotient";

    public override string Reason => "a ratio of two probabilities is 0 / 0 = NaN once both underflow (a KL or Jensen-Shannon term far in the tail); the difference of their logs is finite, and each log can then be taken without a probability";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op != Op.Log || node.A.Op != Op.Div) return null;
        var ranges = RangeAnalysis.For(graph);
        if (!IsPositive(ranges.Of(node.A.A).Value) || !IsPositive(ranges.Of(node.A.B).Value)) return null;
        // A plain positive denominator (a length, a sum of exps) needs no help: only a ratio of exp-like values can be 0 / 0.
        if (Exponents.Of(node.A.A, graph) is null && Exponents.Of(node.A.B, graph) is null) return null;
        return graph.Binary(Op.Sub, graph.Unary(Op.Log, node.A.A), graph.Unary(Op.Log, node.A.B));
    }

    private static bool IsPositive(Interval v) => v.Lo >= 0 && v.ExcludesZero;
}
