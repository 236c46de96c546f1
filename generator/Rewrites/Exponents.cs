using KernelGen.Generator.Ir;
using KernelGen.Generator.Ranges;

namespace KernelGen.Generator.Rewrites;

/// <summary>
/// Reads a value as exp(e): <c>exp(u)</c> is e = u, <c>exp(u) / s</c> with s &gt; 0 (a softmax probability) is
/// u - log(s). The log rules use it to work with exponents instead of values that overflow or underflow.
/// </summary>
internal static class Exponents
{
    /// <summary>e with <paramref name="value"/> = exp(e), or null when the value is not such an exp.</summary>
    public static Node? Of(Node value, Graph graph)
    {
        if (value.Op == Op.Exp) return value.A;
        if (value.Op == Op.Div && value.A.Op == Op.Exp && value.B.IsScalar)
        {
            var denominator = RangeAnalysis.For(graph).Of(value.B).Value;
            if (denominator.Lo > 0) return graph.Binary(Op.Sub, value.A.A, graph.Unary(Op.Log, value.B));
        }
        return null;
    }
}
