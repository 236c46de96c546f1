using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Scheduling;

/// <summary>
/// Whether a plan can run eight rows at once, one row per vector lane: a row of ten classes fills one vector and
/// leaves two elements for a scalar tail, and every reduction over it ends in a horizontal sum; with the rows across
/// the lanes, element j of eight rows is one vector, each reduction is lane-wise, and there is no tail. Only for
/// kernels whose inputs are per-row vectors of one length, labels and shared scalars and vectors (no matrix read
/// element by element), whose schedule has no online pass, and whose rows are at most
/// <see cref="KernelSchedule.LaneRowLength"/> long.
/// </summary>
internal static class LaneEligibility
{
    /// <summary>The row dimension when <paramref name="plan"/> can run across lanes, else null.</summary>
    public static int? RowDimension(KernelSpec spec, Graph graph, Node root, Plan plan)
    {
        var dims = graph.Dims;
        if (plan.OnlinePass is not null) return null;
        // Every loop runs along one dimension (matrix work, if any, is the batch's), the row the lanes hold.
        if (plan.Steps.Any(step => step is not (PassStep or ScalarStep))) return null;
        var passDims = plan.Steps.OfType<PassStep>().Select(p => dims.Find(p.Dim)).Distinct().ToList();
        if (passDims.Count != 1) return null;
        int dim = passDims[0];
        if (dims.SizeOf(dim) > KernelSchedule.LaneRowLength) return null;
        if (spec.ReturnsVector && dims.Find(root.Dim0) != dim) return null;

        var nodes = PlanReads.Nodes(plan);
        // What the rows read: vector inputs (per-row or shared) and the batch's products, all of the row's length.
        foreach (var n in nodes)
        {
            bool vectorInput = n.Op == Op.Input && n.IsVector;
            // A matrix read element by element is one buffer shared by the rows, not a row of the lanes.
            if (vectorInput && spec.Parameters[n.Param].Kind == ParamKind.Matrix) return null;
            bool product = n.Op == Op.MatVec && plan.BatchProducts.Contains(n);
            if (n.Op is Op.MatVec or Op.MatTVec && !product) return null;
            if ((vectorInput || product) && dims.Find(n.Dim0) != dim) return null;
        }
        if (nodes.Any(n => n.Op == Op.Label && n.Param == Graph.RowIndexParam)) return null;
        if (nodes.Any(n => n.Op == Op.Gather && !GatherableLeaves(n.A))) return null;
        // A one-hot inside an element expression compares the element's index with a label, one per row here, which
        // the row operators do not take (one-hot terms applied after a loop are fine).
        if (PassValues(plan).Any(n => n.Op == Op.OneHot)) return null;
        return dim;
    }

    private static System.Collections.Generic.List<Node> PassValues(Plan plan)
        => GraphWalk.Reachable(plan.Steps.OfType<PassStep>().SelectMany(p => p.Items).Select(item => item.Element)
            .Where(v => v is not null).Select(v => v!).ToList(), stopAt: n => n.IsScalar);

    /// <summary>A gathered vector expression must be made of inputs, scalars and elementwise ops.</summary>
    private static bool GatherableLeaves(Node v)
    {
        if (v.IsScalar) return true;
        if (v.Op is Op.Input or Op.Seed or Op.MatVec) return true;
        if (v.Op == Op.OneHot || !v.Op.IsElementwise()) return false;
        return v.Args.All(GatherableLeaves);
    }
}
