using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Ranges;

/// <summary>A hazard as reported: where, and whether it is in the value or in the gradient of a parameter.</summary>
internal sealed record Finding(Hazard Hazard, string? GradientOf);

/// <summary>
/// Runs the range analysis on a kernel's forward expression and on each gradient, and keeps the hazards that can
/// make a finite exact result Inf or NaN in float. A gradient hazard whose exp also makes the forward value
/// overflow (honestly: the exact value is beyond float there too) is left out: where the value is infinite, its
/// gradient is not expected to be finite.
/// </summary>
internal static class StabilityCheck
{
    /// <param name="forward">The value as stabilized, and as simplified together with the gradients: the simplifier must
    /// not have turned a stable form back into one that overflows, so both are checked.</param>
    public static List<Finding> Run(RangeAnalysis ranges, IReadOnlyList<Node> forward, IReadOnlyList<(Node Gradient, string Of)> gradients)
    {
        var findings = new List<Finding>();
        var seen = new HashSet<Node>();
        void Collect(Node root, string? of, ISet<Node> excused)
        {
            ranges.Of(root);
            foreach (var node in GraphWalk.Reachable(new[] { root }))
            {
                foreach (var hazard in ranges.HazardsAt(node))
                {
                    if (excused.Contains(hazard.Source) || !seen.Add(hazard.Source)) continue;
                    findings.Add(new Finding(hazard, of));
                }
            }
        }
        foreach (var root in forward) Collect(root, null, new HashSet<Node>());
        var rootOverflow = forward.SelectMany(root => ranges.Of(root).ForcedPositive.Concat(ranges.Of(root).ForcedNegative)).ToArray();
        // An exp of the same argument as one that overflows the value honestly overflows at the same inputs.
        var honestArguments = new HashSet<Node>(rootOverflow.Select(s => s.A));
        var honest = new HashSet<Node>(GraphWalk.Reachable(gradients.Select(g => g.Gradient)).Where(n => n.Op.IsTranscendental() && n.Args.Length == 1 && honestArguments.Contains(n.A)));
        honest.UnionWith(rootOverflow);
        foreach (var (gradient, of) in gradients) Collect(gradient, of, honest);
        return findings;
    }
}
