using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>
/// Where a vector result goes: a span (an output, a scratch buffer) by name, or, when <paramref name="IsRow"/>, the
/// span of one row of a matrix gradient, which a matrix loop declares; or, with <paramref name="Buffer"/>, the scratch
/// buffer holding that node, whose name the emitter gives.
/// </summary>
internal sealed record Target(string Name, bool Accumulate, bool IsRow = false, Node? Buffer = null);

/// <summary>One thing a pass over a dimension does per element.</summary>
internal abstract class PassItem
{
    /// <summary>The element expression the pass computes for this item; null for a write of only one-hot terms.</summary>
    public abstract Node? Element { get; }
}

/// <summary>A sum, max or min of a vector expression.</summary>
internal sealed class ReduceItem : PassItem
{
    public ReduceItem(Node reduction) => Reduction = reduction;
    public Node Reduction { get; }
    public override Node? Element => Reduction.A;
}

/// <summary>
/// max(v) and sum(exp(v - max(v))) in one pass (Milakov and Gimelshein 2018): a running max per lane, and a
/// running sum rescaled by exp(old max - new max) when the max grows.
/// </summary>
internal sealed class OnlineLogSumExpItem : PassItem
{
    public OnlineLogSumExpItem(Node max, Node sum, Node value)
    {
        Max = max;
        Sum = sum;
        Value = value;
    }

    public Node Max { get; }
    public Node Sum { get; }
    public Node Value { get; }
    public override Node? Element => Value;
}

/// <summary>Writes (or adds) a vector expression into a target. One-hot terms are applied after the loop, at the label only.</summary>
internal sealed class WriteItem : PassItem
{
    public WriteItem(Target target, Node? value, List<(Node Label, Node Coefficient)> oneHotTerms)
    {
        Target = target;
        Value = value;
        OneHotTerms = oneHotTerms;
    }

    public Target Target { get; }
    /// <summary>
    /// True when this write keeps an expensive value (an exp) in the target so that later passes read it back
    /// instead of computing it again; the target's final value is written over it by a later pass.
    /// </summary>
    public bool IsStash { get; init; }
    /// <summary>The value without its one-hot terms; null when only one-hot terms remain.</summary>
    public Node? Value { get; }
    public override Node? Element => Value;
    public List<(Node Label, Node Coefficient)> OneHotTerms { get; }
}

internal abstract class Step
{
    /// <summary>The pass number, counting every loop over memory.</summary>
    public int PassNumber { get; set; }
}

/// <summary>A scalar computed once between passes.</summary>
internal sealed class ScalarStep : Step
{
    public ScalarStep(Node node) => Node = node;
    public Node Node { get; }
}

/// <summary>One loop over a dimension doing several reductions and writes.</summary>
internal sealed class PassStep : Step
{
    public PassStep(int dim) => Dim = dim;
    public int Dim { get; }
    public List<PassItem> Items { get; } = new();
    /// <summary>Values an earlier pass stashed in an output span: read back here, not recomputed.</summary>
    public Dictionary<Node, Target> Stashed { get; } = new();
    /// <summary>True for a pass whose loop takes one vector per iteration rather than four (<see cref="Unrolling"/>).</summary>
    public bool OneVectorAtATime { get; set; }
}

/// <summary><c>w * x</c> into a scratch buffer: one dot product per row of w.</summary>
internal sealed class MatVecStep : Step
{
    public MatVecStep(Node matVec) => MatVec = matVec;
    public Node MatVec { get; }

    /// <summary>The pass on one row of w: its dot product with x (<see cref="MatrixLoops"/>).</summary>
    public PassStep RowPass { get; set; } = null!;

    /// <summary>That pass's reduction, the element of the result for the row.</summary>
    public Node Dot { get; set; } = null!;
}

/// <summary>
/// Row by row over a matrix w: accumulates outer products g x^T into w's gradient and wᵀ g into buffers,
/// reading each row of w (and of its gradient) once.
/// </summary>
internal sealed class MatrixGradientStep : Step
{
    public MatrixGradientStep(Node matrix) => Matrix = matrix;
    public Node Matrix { get; }
    public List<(Node G, Node X, Target Target)> Outers { get; } = new();
    public List<Node> Transposed { get; } = new();

    /// <summary>The pass on one row of the matrix (<see cref="MatrixLoops"/>).</summary>
    public PassStep RowPass { get; set; } = null!;
}

/// <summary>
/// An outer product <c>g xᵀ</c> of the batch schedule: each row's core writes its <c>g</c> into
/// <paramref name="Factor"/>, and after the last row one matrix product adds <c>Gᵀ X</c> (every row's term) into
/// <paramref name="Target"/>.
/// </summary>
internal sealed record BatchOuter(Node Matrix, Node X, string Target, Target Factor);

/// <summary>A kernel variant's schedule: its steps in order, its outputs, and the buffers it needs.</summary>
internal sealed class Plan
{
    public List<Step> Steps { get; } = new();
    public List<Node> Buffers { get; } = new();
    /// <summary>Matrix results written straight into an output span instead of a scratch buffer (dx = wᵀ g).</summary>
    public Dictionary<Node, string> DirectTargets { get; } = new();
    public Node? ReturnValue { get; set; }
    public List<(Node Value, string Target)> ScalarOutputs { get; } = new();
    public int PassCount { get; set; }
    /// <summary>The pass holding the online max+sum, if any: only such a schedule has a cache-resident alternative.</summary>
    public PassStep? OnlinePass => Steps.OfType<PassStep>().FirstOrDefault(p => p.Items.OfType<OnlineLogSumExpItem>().Any());
    /// <summary>
    /// Inputs read after an output span started holding stashed values: the schedule is only valid when the
    /// caller's spans for the two do not overlap (an in-place call takes the other schedule).
    /// </summary>
    public List<(Target Stash, Node Input)> StashHazards { get; } = new();
    /// <summary>
    /// Batch schedule only: the products <c>w * x</c> of a per-row input, computed for every row of the batch
    /// in one matrix product before the rows run; each row's core reads its row of the result.
    /// </summary>
    public List<Node> BatchProducts { get; } = new();
    /// <summary>Batch schedule only: the outer products left to one matrix product after the rows.</summary>
    public List<BatchOuter> BatchOuters { get; } = new();
    /// <summary>True for a schedule that moved matrix work out of the rows (see <see cref="BatchProducts"/>).</summary>
    public bool IsBatched => BatchProducts.Count > 0 || BatchOuters.Count > 0;
}
