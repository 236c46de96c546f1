using System;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Where a pass runs, which is all that differs between the row-by-row code and the eight-rows-across-the-lanes code:
/// the driver, the spans (a row's, or tiles of eight rows), what a scalar and a reduction are (a float, or a vector
/// with one lane per row), and how a one-hot term reaches its element. The operator is the same in both.
/// </summary>
internal sealed class PassLayout
{
    private PassLayout(string driver, string resultType, string resultMember, Func<Node, Expr> scalar, Func<string, string> span,
        Func<Target, bool> sharedAcrossLanes, Func<Target, Node, Expr, string> oneHotTerm, Func<string, string> temporaryLength)
    {
        Driver = driver;
        ResultType = resultType;
        ResultMember = resultMember;
        Scalar = scalar;
        Span = span;
        SharedAcrossLanes = sharedAcrossLanes;
        OneHotTerm = oneHotTerm;
        TemporaryLength = temporaryLength;
    }

    /// <summary>The runtime class whose <c>Run</c> loops over the elements.</summary>
    public string Driver { get; }

    /// <summary>The type a reduction's result is declared as.</summary>
    public string ResultType { get; }

    /// <summary>The accumulator member that gives a reduction's result.</summary>
    public string ResultMember { get; }

    /// <summary>A scalar the pass reads, as the code around the pass computes it.</summary>
    public Func<Node, Expr> Scalar { get; }

    /// <summary>The span a pass reads or writes for a span of the row (its tile, across the lanes).</summary>
    public Func<string, string> Span { get; }

    /// <summary>
    /// True for a gradient the rows share, across the lanes: the pass writes each lane's term into a scratch tile, and
    /// the lanes' sum is added to the gradient after it.
    /// </summary>
    public Func<Target, bool> SharedAcrossLanes { get; }

    /// <summary>The statement that adds a one-hot term's coefficient at its label.</summary>
    public Func<Target, Node, Expr, string> OneHotTerm { get; }

    /// <summary>How many floats a temporary span of a row of this length needs.</summary>
    public Func<string, string> TemporaryLength { get; }

    /// <summary>One row at a time, its spans contiguous.</summary>
    public static PassLayout Rows(EmitContext ctx, ScalarRenderer scalars) => new(
        RuntimeNames.RowPass, "float", "Value", scalars.Scalar, span => span, _ => false,
        (target, label, coefficient) => coefficient.Text.StartsWith("-", StringComparison.Ordinal) && coefficient.Precedence >= Expr.Unary
            ? $"{target.Name}[{ctx.LabelText(label)}] -= {coefficient.Text.Substring(1)};"
            : $"{target.Name}[{ctx.LabelText(label)}] += {coefficient.Text};",
        length => length);

    /// <summary>Eight rows at once, one per lane, from tiles (<see cref="RowLanesEmitter"/>).</summary>
    public static PassLayout AcrossLanes(Func<Node, Expr> scalar, Func<string, string> tile, Func<Target, bool> shared, Func<Node, string> labelLanes) => new(
        RuntimeNames.RowLanes, $"{BclNames.Vector256}<float>", "Lanes", scalar, tile, shared,
        (target, label, coefficient) => shared(target)
            ? $"{RuntimeNames.RowLanes}.AddAtLabels({target.Name}, {labelLanes(label)}, {coefficient.Text});"
            : $"{RuntimeNames.RowLanes}.AddAt({tile(target.Name)}, {labelLanes(label)}, {coefficient.Text});",
        length => $"{RowLanesEmitter.Lanes} * {length}");
}
