using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>
/// Keeps every pass within what one call of the runtime's pass driver takes: <see cref="MaxStreams"/> spans read or
/// written. A wider pass is split: an element expression that reads more spans than that has its largest part that
/// fits computed first into a temporary span (which the pass then reads as one), repeatedly; and a pass whose items
/// together need more spans runs as several passes, each with the items that fit. Only kernels with very many
/// vector parameters are affected, at the cost of the extra reads.
/// </summary>
internal static class PassWidth
{
    /// <summary>The spans one pass may read and write: <c>RowStreams.Capacity</c> in the runtime.</summary>
    public const int MaxStreams = 8;

    /// <summary>The passes to run in place of <paramref name="pass"/>, in order, and the temporary spans they use.</summary>
    public static (List<PassStep> Passes, List<Target> Temporaries) Split(PassStep pass, Func<Target> newTemporary)
    {
        var stashed = new Dictionary<Node, Target>(pass.Stashed);
        var passes = new List<PassStep>();
        var temporaries = new List<Target>();
        foreach (var item in pass.Items)
        {
            if (item.Element is not { } value) continue;
            int limit = MaxStreams - (item is WriteItem ? 1 : 0);
            while (Leaves(value, stashed).Count > limit && LargestPartThatFits(value, stashed) is { } part)
            {
                var temporary = newTemporary();
                var first = new PassStep(pass.Dim) { PassNumber = pass.PassNumber, OneVectorAtATime = pass.OneVectorAtATime };
                foreach (var pair in stashed) first.Stashed[pair.Key] = pair.Value;
                first.Items.Add(new WriteItem(temporary, part, new List<(Node, Node)>()));
                passes.Add(first);
                temporaries.Add(temporary);
                stashed[part] = temporary;
            }
        }

        var groups = Groups(pass.Items, stashed);
        // Split across passes, a value read back from a span (a stash) could be written over by an earlier part before
        // a later part reads it: such values are copied to temporaries first, and every part reads those instead.
        var written = new HashSet<string>(pass.Items.OfType<WriteItem>().Select(w => w.Target.Name));
        if (groups.Count > 1)
        {
            foreach (var stash in stashed.Where(s => written.Contains(s.Value.Name)).ToList())
            {
                var temporary = newTemporary();
                var copy = new PassStep(pass.Dim) { PassNumber = pass.PassNumber, OneVectorAtATime = pass.OneVectorAtATime };
                foreach (var pair in stashed) copy.Stashed[pair.Key] = pair.Value;
                copy.Items.Add(new WriteItem(temporary, stash.Key, new List<(Node, Node)>()));
                passes.Add(copy);
                temporaries.Add(temporary);
                stashed[stash.Key] = temporary;
            }
            groups = Groups(pass.Items, stashed);
        }
        foreach (var group in groups)
        {
            var step = new PassStep(pass.Dim) { PassNumber = pass.PassNumber, OneVectorAtATime = pass.OneVectorAtATime };
            foreach (var pair in stashed) step.Stashed[pair.Key] = pair.Value;
            step.Items.AddRange(group);
            passes.Add(step);
        }
        return (passes, temporaries);
    }

    /// <summary>The items in order, in as few consecutive groups as keep each within <see cref="MaxStreams"/> spans.</summary>
    private static List<List<PassItem>> Groups(IEnumerable<PassItem> items, IReadOnlyDictionary<Node, Target> stashed)
    {
        var groups = new List<List<PassItem>>();
        var streams = new HashSet<object>();
        foreach (var item in items)
        {
            var own = StreamsOf(item, stashed);
            if (groups.Count == 0 || streams.Union(own).Count() > MaxStreams)
            {
                groups.Add(new List<PassItem>());
                streams.Clear();
            }
            groups[groups.Count - 1].Add(item);
            streams.UnionWith(own);
        }
        return groups;
    }

    /// <summary>
    /// The spans an item reads and writes, each once: an input or buffer by its node, a stashed value by the span it
    /// was kept in, a target by its name (or buffer node), so a span read back and written again counts once.
    /// </summary>
    private static HashSet<object> StreamsOf(PassItem item, IReadOnlyDictionary<Node, Target> stashed)
    {
        var streams = new HashSet<object>();
        if (item.Element is { } value)
            foreach (var leaf in Leaves(value, stashed)) streams.Add(stashed.TryGetValue(leaf, out var kept) ? SpanOf(kept) : leaf);
        if (item is WriteItem w) streams.Add(SpanOf(w.Target));
        return streams;
    }

    private static object SpanOf(Target target) => target.Buffer ?? (object)target.Name;

    /// <summary>The vector leaves an element expression loads: inputs, buffers, matrix rows and stashed values.</summary>
    public static HashSet<Node> Leaves(Node n, IReadOnlyDictionary<Node, Target> stashed)
    {
        var leaves = new HashSet<Node>();
        var seen = new HashSet<Node>();
        Collect(n);
        return leaves;

        void Collect(Node node)
        {
            if (node.IsScalar || !seen.Add(node)) return;
            if (IsLoad(node, stashed)) leaves.Add(node);
            else foreach (var a in node.Args) Collect(a);
        }
    }

    /// <summary>
    /// True for a node a pass reads from a span rather than computes: an input, the upstream gradient, a buffer, a
    /// matrix row, or a value an earlier pass stashed.
    /// </summary>
    public static bool IsLoad(Node n, IReadOnlyDictionary<Node, Target> stashed)
        => n.Op is Op.Input or Op.Seed or Op.MatVec or Op.MatTVec or Op.MatRow || stashed.ContainsKey(n);

    /// <summary>The elementwise part of <paramref name="value"/> reading the most spans that one pass (with its temporary) can still compute.</summary>
    private static Node? LargestPartThatFits(Node value, IReadOnlyDictionary<Node, Target> stashed)
    {
        Node? best = null;
        int bestCount = 1;
        var seen = new HashSet<Node>();
        Visit(value);
        return best;

        void Visit(Node node)
        {
            if (node.IsScalar || IsLoad(node, stashed) || !seen.Add(node)) return;
            int count = Leaves(node, stashed).Count;
            if (node != value && node.Op.IsElementwise() && count <= MaxStreams - 1 && count > bestCount)
            {
                best = node;
                bestCount = count;
            }
            if (count > MaxStreams - 1) foreach (var a in node.Args) Visit(a);
        }
    }
}
