using System.Collections.Generic;
using System.Linq;

namespace KernelGen.Generator.Ir;

/// <summary>Walks the nodes a computation needs.</summary>
internal static class GraphWalk
{
    /// <summary>Every node reachable from <paramref name="roots"/>, operands before their users.</summary>
    public static List<Node> Reachable(IEnumerable<Node> roots) => Reachable(roots, stopAt: null);

    /// <summary>As <see cref="Reachable(IEnumerable{Node})"/>, but not into the operands of nodes <paramref name="stopAt"/> accepts (values computed elsewhere).</summary>
    public static List<Node> Reachable(IEnumerable<Node> roots, System.Func<Node, bool>? stopAt)
    {
        var seen = new HashSet<Node>();
        var stack = new Stack<Node>(roots);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!seen.Add(n) || stopAt?.Invoke(n) == true) continue;
            foreach (var a in n.Args) stack.Push(a);
        }
        // Ids grow with creation, and a node's operands exist before it is created.
        return seen.OrderBy(n => n.Id).ToList();
    }
}
