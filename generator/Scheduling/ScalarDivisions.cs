using System.Collections.Generic;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>
/// The rewrite the schedules are built on: a vector divided by a scalar, <c>v / s</c>, becomes <c>v * (1 / s)</c>,
/// so a pass divides once per row and multiplies per element (a division costs several multiplies; the result
/// differs by at most one rounding). The graph the remarks print is the one before it; everything scheduled after it,
/// so no later stage changes what the passes compute.
/// </summary>
internal sealed class ScalarDivisions
{
    private readonly Graph _graph;
    private readonly Dictionary<Node, Node> _rewritten = new();

    public ScalarDivisions(Graph graph) => _graph = graph;

    /// <summary><paramref name="node"/> with every vector-by-scalar division below it rewritten; null stays null.</summary>
    // Iterative, operands before the node: an expression thousands of operations deep must not exhaust the stack.
    public Node? Rewrite(Node? node)
    {
        if (node is null) return null;
        var pending = new Stack<(Node Node, bool OperandsDone)>();
        pending.Push((node, false));
        while (pending.Count > 0)
        {
            var (current, operandsDone) = pending.Pop();
            if (_rewritten.ContainsKey(current)) continue;
            if (!operandsDone)
            {
                pending.Push((current, true));
                foreach (var operand in current.Args)
                    if (!_rewritten.ContainsKey(operand)) pending.Push((operand, false));
                continue;
            }
            var args = new Node[current.Args.Length];
            bool changed = false;
            for (int k = 0; k < args.Length; k++)
            {
                args[k] = _rewritten[current.Args[k]];
                changed |= args[k] != current.Args[k];
            }
            var result = changed ? _graph.With(current, args) : current;
            if (result.Op == Op.Div && result.A.IsVector && result.B.IsScalar)
                result = _graph.Binary(Op.Mul, result.A, _graph.Binary(Op.Div, _graph.Const(1), result.B));
            _rewritten[current] = result;
        }
        return _rewritten[node];
    }

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
