using System;
using System.Linq;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Ranges;

/// <summary>
/// What the range analysis knows about one node: the range of its exact value, why (for the remarks), and which
/// exp-type nodes can make its float value differ from the exact one: +inf or -inf where an exp overflowed, 0 or a
/// denormal where one underflowed.
/// </summary>
internal sealed class RangeInfo
{
    public RangeInfo(Interval value, string? why = null, Node[]? positiveInfinity = null, Node[]? negativeInfinity = null, Node[]? underflow = null)
    {
        Value = value;
        Why = why;
        PositiveInfinity = positiveInfinity ?? Array.Empty<Node>();
        NegativeInfinity = negativeInfinity ?? Array.Empty<Node>();
        Underflow = underflow ?? Array.Empty<Node>();
    }

    public Interval Value { get; }

    /// <summary>The structural fact behind the bound, e.g. "shifted by the row max"; null when it is plain interval arithmetic.</summary>
    public string? Why { get; }

    /// <summary>Overflowing exps through which the float value can be +inf.</summary>
    public Node[] PositiveInfinity { get; }

    /// <summary>Overflowing exps through which the float value can be -inf.</summary>
    public Node[] NegativeInfinity { get; }

    /// <summary>Underflowing exps through which the float value can be 0 or denormal although the exact value is not.</summary>
    public Node[] Underflow { get; }

    /// <summary>
    /// Overflowing exps that force the value to +inf whenever they overflow, through operations that never bring a
    /// huge value back (sums, products with factors of magnitude at least 1, max): there the exact value is beyond
    /// float too, so +inf is the right answer and not a hazard. A subset of <see cref="PositiveInfinity"/>.
    /// </summary>
    public Node[] ForcedPositive { get; init; } = Array.Empty<Node>();

    /// <summary>The same for -inf.</summary>
    public Node[] ForcedNegative { get; init; } = Array.Empty<Node>();

    public bool CanOverflow => PositiveInfinity.Length > 0 || NegativeInfinity.Length > 0;

    public Node[] Overflow => Union(PositiveInfinity, NegativeInfinity);

    public bool CanUnderflow => Underflow.Length > 0;

    /// <summary>At most this many sources are tracked per flag: enough to name them in a warning.</summary>
    private const int MaxSources = 8;

    public static (Node[] Pos, Node[] Neg) UnionPair((Node[] Pos, Node[] Neg) a, (Node[] Pos, Node[] Neg) b)
        => (Union(a.Pos, b.Pos), Union(a.Neg, b.Neg));

    public static Node[] Union(Node[] a, Node[] b)
    {
        if (a.Length == 0) return b;
        if (b.Length == 0 || ReferenceEquals(a, b)) return a;
        return a.Concat(b).Distinct().OrderBy(n => n.Id).Take(MaxSources).ToArray();
    }
}
