using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>
/// Which parameters a plan's own steps read. In the batch schedule a row's core may not read x or w at all
/// (the batch's matrix products do); such a parameter is left out of the core rather than passed and ignored.
/// </summary>
internal static class PlanReads
{
    /// <summary>The indices of the vector and matrix parameters that <paramref name="plan"/>'s steps, return value and scalar outputs read.</summary>
    public static HashSet<int> ArrayParameters(Plan plan)
        => new(Nodes(plan).Where(n => n.Op == Op.Input && !n.IsScalar).Select(n => n.Param));

    /// <summary>
    /// Every node <paramref name="plan"/>'s steps, return value and scalar outputs evaluate, operands first. The
    /// batch's products count as read from their buffers: what they are made of is not the plan's concern.
    /// </summary>
    public static List<Node> Nodes(Plan plan)
    {
        var roots = new List<Node>();
        foreach (var step in plan.Steps)
        {
            switch (step)
            {
                case ScalarStep s:
                    roots.Add(s.Node);
                    break;
                case PassStep pass:
                    foreach (var item in pass.Items)
                    {
                        switch (item)
                        {
                            case ReduceItem r: roots.Add(r.Reduction); break;
                            case OnlineLogSumExpItem o: roots.Add(o.Value); break;
                            case WriteItem w:
                                if (w.Value is not null) roots.Add(w.Value);
                                roots.AddRange(w.OneHotTerms.SelectMany(t => new[] { t.Label, t.Coefficient }));
                                break;
                        }
                    }
                    break;
                case MatVecStep mv:
                    roots.Add(mv.MatVec);
                    break;
                case MatrixGradientStep mg:
                    roots.Add(mg.Matrix);
                    roots.AddRange(mg.Transposed);
                    roots.AddRange(mg.Outers.SelectMany(o => new[] { o.G, o.X }));
                    break;
            }
        }
        if (plan.ReturnValue is not null) roots.Add(plan.ReturnValue);
        roots.AddRange(plan.ScalarOutputs.Select(s => s.Value));
        return GraphWalk.Reachable(roots, stopAt: plan.BatchProducts.Contains);
    }
}
