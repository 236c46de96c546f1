using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Lowering;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Where each size comes from at run time: a compile-time constant, a vector's length (divided by the rows
/// of a batch for per-row inputs), or a matrix's length divided by its other size. Sizes are named after
/// the first parameter that carries them (zLength, wRows, wColumns).
/// </summary>
internal sealed class DimensionPlan
{
    /// <param name="Whole">The size is the parameter's whole length: a Mat's number of elements, read elementwise.</param>
    public sealed record Source(int Dim, string Name, int Constant, int Param, bool FromRows, bool Whole = false);

    private DimensionPlan(Dictionary<int, string> names, List<Source> order)
    {
        Names = names;
        Order = order;
    }

    public Dictionary<int, string> Names { get; }

    /// <summary>The sizes in the order they can be computed.</summary>
    public List<Source> Order { get; }

    /// <summary>Resolves every size, or returns null with the parameter and side that nothing fixes.</summary>
    public static DimensionPlan? Resolve(LoweredKernel k, out (string Side, string Param)? unresolved)
    {
        unresolved = null;
        var dims = k.Graph.Dims;
        var spec = k.Spec;
        var names = new Dictionary<int, string>();
        for (int p = 0; p < spec.Parameters.Count; p++)
        {
            var param = spec.Parameters[p];
            if (param.Kind == ParamKind.Vector) Name(dims.Find(k.RowDims[p]), param.Name + "Length");
            if (param.Kind == ParamKind.Matrix)
            {
                Name(dims.Find(k.RowDims[p]), param.Name + "Rows");
                Name(dims.Find(k.ColumnDims[p]), param.Name + "Columns");
                if (k.ElementNodes.ElementAtOrDefault(p) is { } elements) Name(dims.Find(elements.Dim0), param.Name + "Length");
            }
        }

        var order = new List<Source>();
        var known = new HashSet<int>();
        foreach (var pair in names.Where(n => dims.SizeOf(n.Key) >= 0))
        {
            order.Add(new Source(pair.Key, pair.Value, dims.SizeOf(pair.Key), -1, false));
            known.Add(pair.Key);
        }
        for (bool progress = true; progress;)
        {
            progress = false;
            for (int p = 0; p < spec.Parameters.Count; p++)
            {
                var param = spec.Parameters[p];
                int rows = k.RowDims[p] < 0 ? -1 : dims.Find(k.RowDims[p]);
                int columns = k.ColumnDims[p] < 0 ? -1 : dims.Find(k.ColumnDims[p]);
                if (param.Kind == ParamKind.Vector && known.Add(rows))
                {
                    order.Add(new Source(rows, names[rows], -1, p, true));
                    progress = true;
                }
                else if (param.Kind == ParamKind.Matrix && k.ElementNodes.ElementAtOrDefault(p) is { } elements && known.Add(dims.Find(elements.Dim0)))
                {
                    order.Add(new Source(dims.Find(elements.Dim0), names[dims.Find(elements.Dim0)], -1, p, false, Whole: true));
                    progress = true;
                }
                else if (param.Kind == ParamKind.Matrix)
                {
                    if (known.Contains(columns) && known.Add(rows)) { order.Add(new Source(rows, names[rows], -1, p, true)); progress = true; }
                    else if (known.Contains(rows) && known.Add(columns)) { order.Add(new Source(columns, names[columns], -1, p, false)); progress = true; }
                }
            }
        }
        foreach (var pair in names)
        {
            if (known.Contains(pair.Key)) continue;
            int p = Enumerable.Range(0, spec.Parameters.Count).First(i => k.RowDims[i] >= 0 && dims.Find(k.RowDims[i]) == pair.Key || k.ColumnDims[i] >= 0 && dims.Find(k.ColumnDims[i]) == pair.Key);
            bool isRows = k.RowDims[p] >= 0 && dims.Find(k.RowDims[p]) == pair.Key;
            unresolved = (isRows ? "number of rows" : "number of columns", spec.Parameters[p].Name);
            return null;
        }
        return new DimensionPlan(names, order);

        void Name(int dim, string name)
        {
            if (!names.ContainsKey(dim)) names[dim] = name;
        }
    }
}
