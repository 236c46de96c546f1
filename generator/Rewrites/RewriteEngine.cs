using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites;

/// <summary>
/// Applies rules bottom-up until none matches (operands are normalized before their users, and a
/// replacement is normalized again). Counts how often each rule fired, for the generated remarks.
/// </summary>
internal sealed class RewriteEngine
{
    /// <summary>A bound on firings: a rule set that cycles is a compiler bug, reported instead of hanging.</summary>
    private const int MaxFirings = 100_000;

    /// <summary>A bound on nested replacements: a rule that keeps undoing another would otherwise overflow the stack.</summary>
    private const int MaxDepth = 1_000;

    private int _depth;

    private readonly IReadOnlyList<RewriteRule> _rules;
    private readonly Graph _graph;
    private readonly Dictionary<Node, Node> _normal = new();
    private int _firings;

    public RewriteEngine(Graph graph, IReadOnlyList<RewriteRule> rules)
    {
        _graph = graph;
        _rules = rules;
    }

    /// <summary>Rules that fired, in first-fired order, with their counts.</summary>
    public List<(RewriteRule Rule, int Count)> Fired { get; } = new();

    public Node Rewrite(Node node)
    {
        if (_normal.TryGetValue(node, out var done)) return done;

        var args = node.Args.Select(Rewrite).ToArray();
        var current = args.SequenceEqual(node.Args) ? node : _graph.With(node, args);
        if (!ReferenceEquals(current, node) && _normal.TryGetValue(current, out done))
            return _normal[node] = done;

        foreach (var rule in _rules)
        {
            var replacement = rule.Apply(current, _graph);
            if (replacement is null || ReferenceEquals(replacement, current)) continue;
            if (++_firings > MaxFirings)
                throw new InvalidOperationException($"rewrite rules did not terminate (last rule: {rule.Name})");
            Record(rule);
            if (++_depth > MaxDepth)
                throw new InvalidOperationException($"rewrite rules did not terminate (rule {rule.Name} kept rewriting its own output)");
            Node result;
            try
            {
                result = Rewrite(replacement);
            }
            finally
            {
                _depth--;
            }
            _normal[current] = result;
            return _normal[node] = result;
        }
        _normal[current] = current;
        return _normal[node] = current;
    }

    private void Record(RewriteRule rule)
    {
        int index = Fired.FindIndex(f => ReferenceEquals(f.Rule, rule));
        if (index < 0) Fired.Add((rule, 1));
        else Fired[index] = (rule, Fired[index].Count + 1);
    }
}
