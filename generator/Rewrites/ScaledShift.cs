using KernelGen.Generator.Ir;
using KernelGen.Generator.Ranges;

namespace KernelGen.Generator.Rewrites;

/// <summary>
/// The shift of a scaled row (a temperature): <c>exp(u * t)</c> is shifted as <c>(u - c) * t</c>, with c the max of
/// u where t &gt;= 0 and its min where t &lt; 0, instead of <c>u * t - max(u * t)</c>. Subtracting after the scaling
/// would round every u * t at the ulp of the largest one first (at t = 100 and u near 1000, 0.008 in each
/// exponent), and the gradient of t would come from those unshifted products; u - c is exact near the max.
/// </summary>
internal static class ScaledShift
{
    /// <summary>Splits <paramref name="v"/> into a vector u and a scalar scale, when it is u * t, t * u or u / t.</summary>
    public static bool TrySplit(Node v, out Node u, out Node scale)
    {
        u = scale = null!;
        if (!v.IsVector) return false;
        if (v.Op == Op.Mul && v.A.IsVector && v.B.IsScalar) (u, scale) = (v.A, v.B);
        else if (v.Op == Op.Mul && v.A.IsScalar && v.B.IsVector) (u, scale) = (v.B, v.A);
        else if (v.Op == Op.Div && v.A.IsVector && v.B.IsScalar) (u, scale) = (v.A, v.B);
        else return false;
        return !scale.IsConst(0);
    }

    /// <summary>
    /// The row extreme that makes every (u - c) * t at most 0: max(u) or min(u) when the scale's sign is known
    /// (a constant, or proved by the range analysis), else chosen at run time by the sign of the scale.
    /// </summary>
    public static Node Extreme(Node u, Node scale, Graph graph)
    {
        var known = RangeAnalysis.For(graph).Of(scale).Value;
        if (known.IsNonNegative) return graph.Reduce(Op.ReduceMax, u);
        if (known.IsNonPositive) return graph.Reduce(Op.ReduceMin, u);
        // sign(t) * max(sign(t) * u), with sign(0) = 1: max(u) for t >= 0, min(u) for t < 0, in one reduction and
        // without a 0 * inf where u holds an infinity.
        var sign = SignOf(scale, graph);
        return graph.Binary(Op.Mul, sign, graph.Reduce(Op.ReduceMax, graph.Binary(Op.Mul, sign, u)));
    }

    /// <summary>1 where <paramref name="scale"/> &gt;= 0, else -1: 2 [t &gt;= 0] - 1.</summary>
    private static Node SignOf(Node scale, Graph graph)
        => graph.Binary(Op.Sub, graph.Binary(Op.Mul, graph.Const(2), graph.Binary(Op.GreaterOrEqualMask, scale, graph.Const(0))), graph.Const(1));

    /// <summary>(u - stopgrad(c)) * t, or / t: the shifted row, with c from <see cref="Extreme"/>.</summary>
    public static Node Shift(Node v, Node u, Node scale, Node c, Graph graph)
        => graph.Binary(v.Op, v.Op == Op.Mul && v.A.IsScalar ? scale : graph.Binary(Op.Sub, u, c), v.Op == Op.Mul && v.A.IsScalar ? graph.Binary(Op.Sub, u, c) : scale);

    /// <summary>True when <paramref name="v"/> is already a row shifted before its scaling.</summary>
    public static bool IsShifted(Node v)
        => TrySplit(v, out var u, out var scale) && u.Op == Op.Sub && u.B.Op == Op.StopGrad && IsExtremeOf(u.B.A, u.A, scale);

    /// <summary>True when <paramref name="c"/> is max(u), min(u), or <c>sign(t) * max(sign(t) * u)</c> as built by <see cref="Extreme"/>.</summary>
    public static bool IsExtremeOf(Node c, Node u, Node scale)
    {
        if (c.Op is Op.ReduceMax or Op.ReduceMin) return c.A == u;
        return SignChoice(c) is { } choice && choice.U == u && choice.Scale == scale;
    }

    /// <summary>The row and the scale of <c>sign(t) * max(sign(t) * u)</c>, or null.</summary>
    public static (Node U, Node Scale)? SignChoice(Node c)
    {
        if (c.Op != Op.Mul) return null;
        foreach (var (sign, max) in Patterns.Operands(c))
        {
            if (max.Op != Op.ReduceMax || max.A.Op != Op.Mul || IsSign(sign) is not { } scale) continue;
            foreach (var (s, u) in Patterns.Operands(max.A))
                if (s == sign && u.IsVector) return (u, scale);
        }
        return null;
    }

    /// <summary>The scale t when <paramref name="sign"/> is 2 [t &gt;= 0] - 1.</summary>
    private static Node? IsSign(Node sign)
    {
        if (sign.Op != Op.Sub || !sign.B.IsConst(1) || sign.A.Op != Op.Mul) return null;
        foreach (var (two, mask) in Patterns.Operands(sign.A))
            if (two.IsConst(2) && mask.Op == Op.GreaterOrEqualMask && mask.B.IsConst(0)) return mask.A;
        return null;
    }
}
