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
            _rewritten[current] = ScalarDivisions.Apply(_graph, StopGradientErasure.Apply(result));
        }
        return _rewritten[node];
    }
}
