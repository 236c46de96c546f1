using System.Collections.Generic;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>
/// The graph the schedules are built on: the kernel's, with the stop-gradient markers erased
/// (<see cref="StopGradientErasure"/>) and every vector-by-scalar division made a multiply by the inverse
/// (<see cref="ScalarDivisions"/>). The remarks print the graph before these rewrites; everything is scheduled after
/// them, so no later stage changes what the passes compute.
/// </summary>
internal sealed class ScheduledGraph
{
    private readonly Graph _graph;
    private readonly Dictionary<Node, Node> _rewritten = new();

    public ScheduledGraph(Graph graph) => _graph = graph;

    /// <summary><paramref name="node"/> with both rewrites applied everywhere below it; null stays null.</summary>
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
                // Last operand pushed first, so the first is rewritten first: new nodes then get ids in the order the
                // originals were built, and the graph's canonical operand order (and the names that follow it) stays.
                for (int k = current.Args.Length - 1; k >= 0; k--)
                    if (!_rewritten.ContainsKey(current.Args[k])) pending.Push((current.Args[k], false));
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
            _rewritten[current] = ScalarDivisions.Apply(_graph, StopGradientErasure.Apply(result));
        }
        return _rewritten[node];
    }
}
