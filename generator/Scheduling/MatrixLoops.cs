using System.Collections.Generic;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>
/// The pass a matrix loop runs on each row r of its matrix w, as IR: the loop itself (over the rows) is the emitter's,
/// the work on a row is an ordinary pass over w's columns, built here so that no stage after Scheduling adds nodes.
/// </summary>
internal static class MatrixLoops
{
    /// <summary>w * x: row r's dot product with x, <c>sum(w[r] * x)</c>.</summary>
    public static void Lower(Graph g, MatVecStep step)
    {
        var w = step.MatVec.A;
        step.Dot = g.Reduce(Op.Sum, g.Binary(Op.Mul, g.MatRow(w), step.MatVec.B));
        step.RowPass = new PassStep(w.Dim1) { PassNumber = step.PassNumber };
        step.RowPass.Items.Add(new ReduceItem(step.Dot));
    }

    /// <summary>
    /// Row r of a matrix gradient step: each wᵀ g adds <c>w[r] * g[r]</c> into its buffer (named by the emitter, so
    /// the target names the buffer's node), and each outer product adds <c>g[r] * x</c> into row r of its gradient.
    /// </summary>
    public static void Lower(Graph g, MatrixGradientStep step)
    {
        var w = step.Matrix;
        var row = g.RowIndex();
        step.RowPass = new PassStep(w.Dim1) { PassNumber = step.PassNumber };
        foreach (var t in step.Transposed)
        {
            var gAtRow = t.B.IsScalar ? t.B : g.Gather(t.B, row);
            step.RowPass.Items.Add(new WriteItem(new Target("", Accumulate: true, Buffer: t), g.Binary(Op.Mul, g.MatRow(w), gAtRow), new List<(Node, Node)>()));
        }
        foreach (var (gradient, x, target) in step.Outers)
        {
            var gAtRow = gradient.IsScalar ? gradient : g.Gather(gradient, row);
            step.RowPass.Items.Add(new WriteItem(new Target(target.Name + "Row", Accumulate: true, IsRow: true), g.Binary(Op.Mul, gAtRow, x), new List<(Node, Node)>()));
        }
    }
}
