using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>
/// How many vectors a pass over a row takes per iteration. Four, with four accumulators, by default: it hides the
/// latency of the add that carries each accumulator, and of long chains such as an exp's polynomial (one vector at a
/// time, a log-sum-exp's forward+backward measured 10% slower). But each unrolled pass puts six copies of its element
/// expression into its core (four unrolled, one vector, one element), and the JIT allows a method 512 locals before
/// it stops inlining: past that, it leaves loads, exps and whole operators as calls in the middle of the loops, which
/// costs far more. So a core whose passes would weigh more than <see cref="MaxCoreWeight"/> has its heaviest passes
/// run one vector at a time, one inlined copy each, until it fits.
/// </summary>
internal static class Unrolling
{
    /// <summary>
    /// What the passes of one core may weigh together (<see cref="Weight"/>). A log-sum-exp's forward+backward (about
    /// 340) inlines everything; a temperature softmax's (about 510) did not.
    /// </summary>
    public const int MaxCoreWeight = 360;

    /// <summary>Marks the passes of <paramref name="plan"/> (one core) that run one vector at a time.</summary>
    public static void Apply(Plan plan)
    {
        var passes = plan.Steps.OfType<PassStep>().Select(p => (Pass: p, Cost: Measure(p))).ToList();
        int weight = passes.Sum(p => Weight(p.Cost, oneVectorAtATime: false));
        foreach (var (pass, cost) in passes.OrderByDescending(p => Weight(p.Cost, oneVectorAtATime: false)).ThenByDescending(p => p.Pass.PassNumber))
        {
            if (weight <= MaxCoreWeight) break;
            weight -= Weight(cost, oneVectorAtATime: false) - Weight(cost, oneVectorAtATime: true);
            pass.OneVectorAtATime = true;
        }
    }

    /// <summary>
    /// A rough count of the locals a pass adds to its core: each inlined copy of the element expression costs about
    /// one per node and a dozen per transcendental function (the vector exp alone declares six), and the loop, its
    /// streams and accumulators about twenty more. Six copies unrolled; one otherwise (its last elements are a call),
    /// with twenty more for the blocks its accumulator is merged from.
    /// </summary>
    public static int Weight((int Nodes, int Transcendentals) cost, bool oneVectorAtATime)
        => oneVectorAtATime ? 40 + cost.Nodes + 12 * cost.Transcendentals : 20 + 6 * (cost.Nodes + 12 * cost.Transcendentals);

    /// <summary>
    /// The elementwise nodes computed per element and the transcendental functions among them (values an earlier
    /// pass stashed are loaded, not computed), the two exps of a running max and sum of exps included.
    /// </summary>
    public static (int Nodes, int Transcendentals) Measure(PassStep pass)
    {
        var seen = new HashSet<Node>();
        int nodes = 0, transcendentals = 0;
        var stack = new Stack<Node>();
        foreach (var item in pass.Items)
        {
            // A running max and sum of exps takes two exps per element, and its four-vector accumulator's merges more.
            if (item is OnlineLogSumExpItem) (nodes, transcendentals) = (nodes + 10, transcendentals + 2);
            if (item is ReduceItem or OnlineLogSumExpItem) nodes += 2;
            if (item.Element is { } element) stack.Push(element);
        }
        // Iterative: an element expression can be thousands of nodes deep.
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            // A scalar is read in each copy where it is used (T.Of(s)), and a reduction adds into its accumulator:
            // both count as nodes.
            if (n.IsScalar)
            {
                nodes++;
                continue;
            }
            if (PassWidth.IsLoad(n, pass.Stashed) || !seen.Add(n)) continue;
            nodes++;
            if (n.Op.IsTranscendental()) transcendentals++;
            foreach (var a in n.Args) stack.Push(a);
        }
        return (nodes, transcendentals);
    }
}
