using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>
/// A rewrite the schedules are built on (<see cref="ScheduledGraph"/>): a vector divided by a scalar, <c>v / s</c>,
/// becomes <c>v * (1 / s)</c>, so a pass divides once per row and multiplies per element (a division costs several
/// multiplies; the result differs by at most one rounding).
/// </summary>
internal static class ScalarDivisions
{
    /// <summary><paramref name="node"/>, rewritten if it is a vector divided by a scalar (its operands already are).</summary>
    public static Node Apply(Graph graph, Node node)
        => node.Op == Op.Div && node.A.IsVector && node.B.IsScalar
            ? graph.Binary(Op.Mul, node.A, graph.Binary(Op.Div, graph.Const(1), node.B))
            : node;

    /// <summary>True for <c>a * (1 / s)</c>, a rewritten division: <paramref name="divisor"/> is s.</summary>
    // The graph orders a product's operands, so the inverse may be either.
    public static bool IsDivision(Node node, out Node dividend, out Node divisor)
    {
        dividend = divisor = null!;
        if (node.Op != Op.Mul || !node.IsVector) return false;
        if (node.A.IsVector && IsInverse(node.B, out divisor)) dividend = node.A;
        else if (node.B.IsVector && IsInverse(node.A, out divisor)) dividend = node.B;
        return dividend is not null;
    }

    /// <summary>True for <c>1 / s</c>, the inverse a rewritten division multiplies by.</summary>
    public static bool IsInverse(Node node, out Node divisor)
    {
        divisor = node.IsScalar && node.Op == Op.Div && node.A is { Op: Op.Const, Value: 1f } ? node.B : null!;
        return divisor is not null;
    }
}
