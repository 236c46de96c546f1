using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Rewrites;

namespace KernelGen.Generator.Ranges;

/// <summary>
/// Interval analysis over the IR: for every node, the range of its exact value when each input is any finite
/// float, and where float can part from the exact value because an exp (or an op built on one: expm1, sigmoid,
/// softplus) overflowed or underflowed. Ops that would turn such an Inf or 0 into a wrong finite value, Inf or NaN
/// are recorded as <see cref="Hazard"/>s. Runs on any graph, forward or gradient; results are memoized per node.
/// </summary>
/// <remarks>
/// Plain interval arithmetic loses the relation between operands (x - max(x) would be unbounded), so the
/// transfer functions know the few structural facts that stability rests on: a value minus its own row max is at
/// most 0, and the sum of exps of such a shifted row is at least 1 (the term at the max is exp(0)). Overflow by
/// multiplication alone (a square of 2e19) is not tracked: it needs inputs far beyond any data, and where it happens
/// the exact result is beyond float too.
/// </remarks>
internal sealed class RangeAnalysis
{
    /// <summary>exp overflows above ln(float.MaxValue).</summary>
    public const double ExpOverflow = 88.72283935546875;

    /// <summary>Below ln(smallest normal float) exp is denormal (fewer digits), and below about -103.3 it is 0.</summary>
    public const double ExpUnderflow = -87.33654475055310898657;

    /// <summary>The reason a value minus its own row max is at most 0.</summary>
    private const string ShiftedByRowMax = "shifted by the row max";

    /// <summary>The reason (u - c) * t is at most 0, with c the max of u for t &gt;= 0 and its min for t &lt;= 0.</summary>
    private const string ShiftedBeforeScaling = "shifted by the row max before the scaling";

    /// <summary>Rows are spans, so no dimension is longer than this.</summary>
    private const double MaxLength = int.MaxValue;

    private readonly Dictionary<Node, RangeInfo> _info = new();
    private readonly Dictionary<Node, List<Hazard>> _hazards = new();
    private readonly Dims _dims;

    public RangeAnalysis(Dims dims) => _dims = dims;

    private static readonly ConditionalWeakTable<Graph, RangeAnalysis> s_byGraph = new();

    /// <summary>
    /// The one analysis of <paramref name="graph"/>, shared by the rewrite rules that ask about ranges and by the
    /// stability check: nodes are immutable, so what is known of one stays true, and each node is analyzed once.
    /// (A size that becomes known later only narrows a length, so an earlier, wider bound stays sound.)
    /// </summary>
    public static RangeAnalysis For(Graph graph) => s_byGraph.GetValue(graph, g => new RangeAnalysis(g.Dims));

    /// <summary>Hazards found at a node (after <see cref="Of"/> has visited it).</summary>
    public IReadOnlyList<Hazard> HazardsAt(Node node) => _hazards.TryGetValue(node, out var list) ? list : Array.Empty<Hazard>();

    public RangeInfo Of(Node root)
    {
        if (_info.TryGetValue(root, out var known)) return known;
        // Operands before users, without recursion: graphs can be thousands of nodes deep.
        foreach (var node in GraphWalk.Reachable(new[] { root }))
        {
            if (!_info.ContainsKey(node)) _info[node] = WithForced(node, Transfer(node));
        }
        return _info[root];
    }

    private RangeInfo Get(Node node) => _info[node];

    private double LengthOf(int dim)
    {
        int size = dim >= 0 ? _dims.SizeOf(dim) : -1;
        return size > 0 ? size : MaxLength;
    }

    private RangeInfo Transfer(Node n)
    {
        switch (n.Op)
        {
            case Op.Const:
                return new RangeInfo(Interval.Point(n.Value));
            case Op.Input:
            case Op.Seed:
            case Op.MatRow:
                return new RangeInfo(Interval.AnyFloat);
            case Op.Label:
                return new RangeInfo(n.Param == -1 ? Interval.Point(n.Value) : new Interval(0, MaxLength - 1));
            case Op.Length:
                return new RangeInfo(new Interval(1, LengthOf(n.Param)), "a length");
            case Op.OneHot:
            case Op.GreaterOrEqualMask:
            case Op.StepMask:
            case Op.EqualMask:
                return new RangeInfo(new Interval(0, 1));
            case Op.StopGrad:
                return Get(n.A);
            case Op.Neg:
            {
                var a = Get(n.A);
                return new RangeInfo(a.Value.Negate(), a.Why is null ? null : "negated: " + a.Why, a.NegativeInfinity, a.PositiveInfinity, a.Underflow);
            }
            case Op.Add: return Add(n);
            case Op.Sub: return Sub(n);
            case Op.Mul: return Mul(n);
            case Op.Div: return Div(n);
            case Op.Exp: return ExpLike(n, Math.Exp, "an exp is positive", nonZero: true, canUnderflow: true);
            case Op.Expm1:
                return ExpLike(n, x => Math.Exp(x) - 1, "expm1 is above -1", nonZero: Get(n.A).Value.ExcludesZero, canUnderflow: false);
            case Op.Sigmoid:
            {
                var a = Get(n.A);
                var value = a.Value.Increasing(Sigmoid, excludesZero: true);
                bool underflows = a.Value.Lo < ExpUnderflow || a.NegativeInfinity.Length > 0;
                return new RangeInfo(new Interval(Math.Max(value.Lo, 0), Math.Min(value.Hi, 1), true), "a sigmoid lies in (0, 1)",
                    underflow: underflows ? new[] { n } : null);
            }
            case Op.Softplus:
            {
                var a = Get(n.A);
                var value = a.Value.Increasing(Softplus, excludesZero: true);
                return new RangeInfo(new Interval(Math.Max(value.Lo, 0), value.Hi, true), "a softplus is positive",
                    positiveInfinity: a.PositiveInfinity, underflow: a.Value.Lo < ExpUnderflow || a.NegativeInfinity.Length > 0 ? new[] { n } : null);
            }
            case Op.Tanh:
                return new RangeInfo(Get(n.A).Value.Increasing(Math.Tanh, Get(n.A).Value.ExcludesZero), "a tanh lies in [-1, 1]");
            case Op.Log:
            case Op.Log1p:
            case Op.Sqrt:
                return Shrinking(n);
            case Op.Abs:
            {
                var a = Get(n.A);
                return new RangeInfo(a.Value.Abs(), "an absolute value is at least 0", a.Overflow, null, a.Underflow);
            }
            case Op.Square:
            {
                var a = Get(n.A);
                return new RangeInfo(a.Value.Square(), "a square is at least 0", a.Overflow, null, a.Underflow);
            }
            case Op.Min:
            case Op.Max:
                return MinMax(n);
            case Op.LogAddExp:
            {
                // Between max(a, b) and max(a, b) + log 2; +inf if either is, -inf only if both are.
                var (a, b) = (Get(n.A), Get(n.B));
                var value = new Interval(Math.Max(a.Value.Lo, b.Value.Lo), Math.Max(a.Value.Hi, b.Value.Hi) + Math.Log(2));
                var neg = a.NegativeInfinity.Length > 0 && b.NegativeInfinity.Length > 0 ? RangeInfo.Union(a.NegativeInfinity, b.NegativeInfinity) : null;
                return new RangeInfo(value, null, RangeInfo.Union(a.PositiveInfinity, b.PositiveInfinity), neg);
            }
            case Op.Floor:
            {
                var a = Get(n.A);
                return new RangeInfo(new Interval(Math.Floor(a.Value.Lo), Math.Floor(a.Value.Hi)), null, a.PositiveInfinity, a.NegativeInfinity);
            }
            case Op.Sign:
                return new RangeInfo(new Interval(-1, 1, Get(n.A).Value.ExcludesZero));
            case Op.Sum:
                return Sum(n);
            case Op.ReduceMax:
            case Op.ReduceMin:
            case Op.Gather:
                return Get(n.A);
            case Op.MatVec:
            case Op.MatTVec:
            case Op.Outer:
            {
                // Dot products of rows: sums of products.
                var a = Get(n.A);
                var b = Get(n.B);
                var product = a.Value * b.Value;
                CheckProduct(n, a, b);
                return new RangeInfo(n.Op == Op.Outer ? product : product.SumOf(MaxLength),
                    null, RangeInfo.Union(a.Overflow, b.Overflow), RangeInfo.Union(a.Overflow, b.Overflow), RangeInfo.Union(a.Underflow, b.Underflow));
            }
            default:
                return new RangeInfo(Interval.Unbounded);
        }
    }

    /// <summary>Adds <see cref="RangeInfo.ForcedPositive"/> and <see cref="RangeInfo.ForcedNegative"/>: which overflows make this value honestly infinite.</summary>
    private RangeInfo WithForced(Node n, RangeInfo info)
    {
        var none = Array.Empty<Node>();
        (Node[] Pos, Node[] Neg) forced = n.Op switch
        {
            Op.Exp or Op.Expm1 => (RangeInfo.Union(System.Array.IndexOf(info.PositiveInfinity, n) >= 0 ? new[] { n } : none, Get(n.A).ForcedPositive), none),
            Op.Softplus => (Get(n.A).ForcedPositive, none),
            Op.StopGrad => (Get(n.A).ForcedPositive, Get(n.A).ForcedNegative),
            Op.Neg => (Get(n.A).ForcedNegative, Get(n.A).ForcedPositive),
            Op.Abs or Op.Square => (RangeInfo.Union(Get(n.A).ForcedPositive, Get(n.A).ForcedNegative), none),
            Op.Add => (Unopposed(Get(n.A).ForcedPositive, Get(n.B).NegativeInfinity, Get(n.B).ForcedPositive, Get(n.A).NegativeInfinity),
                       Unopposed(Get(n.A).ForcedNegative, Get(n.B).PositiveInfinity, Get(n.B).ForcedNegative, Get(n.A).PositiveInfinity)),
            Op.Sub => (Unopposed(Get(n.A).ForcedPositive, Get(n.B).PositiveInfinity, Get(n.B).ForcedNegative, Get(n.A).NegativeInfinity),
                       Unopposed(Get(n.A).ForcedNegative, Get(n.B).NegativeInfinity, Get(n.B).ForcedPositive, Get(n.A).PositiveInfinity)),
            Op.Mul => RangeInfo.UnionPair(Scaled(Get(n.A), Get(n.B).Value), Scaled(Get(n.B), Get(n.A).Value)),
            Op.Div => Divided(Get(n.A), Get(n.B).Value),
            Op.Sum => (Get(n.A).NegativeInfinity.Length == 0 ? Get(n.A).ForcedPositive : none, Get(n.A).PositiveInfinity.Length == 0 ? Get(n.A).ForcedNegative : none),
            // The max of a row is +inf as soon as one element is; it is -inf only if all are (and the min the other way round).
            Op.ReduceMax => (Get(n.A).ForcedPositive, none),
            Op.ReduceMin => (none, Get(n.A).ForcedNegative),
            Op.Max or Op.LogAddExp => (RangeInfo.Union(Get(n.A).ForcedPositive, Get(n.B).ForcedPositive), none),
            Op.Min => (none, RangeInfo.Union(Get(n.A).ForcedNegative, Get(n.B).ForcedNegative)),
            _ => (none, none),
        };
        // Transfer may hand back an operand's own info (a max, a gather), whose forced sets are the operand's.
        bool unchanged = forced.Pos.Length == 0 && forced.Neg.Length == 0 && info.ForcedPositive.Length == 0 && info.ForcedNegative.Length == 0;
        return unchanged ? info : new RangeInfo(info.Value, info.Why, info.PositiveInfinity, info.NegativeInfinity, info.Underflow)
        {
            ForcedPositive = forced.Pos,
            ForcedNegative = forced.Neg,
        };
    }

    /// <summary>Each side's forced infinity, unless the other side can be the opposite infinity (inf - inf).</summary>
    private static Node[] Unopposed(Node[] first, Node[] secondOpposite, Node[] second, Node[] firstOpposite)
        => RangeInfo.Union(secondOpposite.Length == 0 ? first : Array.Empty<Node>(), firstOpposite.Length == 0 ? second : Array.Empty<Node>());

    /// <summary>A forced infinity times a factor of magnitude at least 1 stays forced (its sign set by the factor's).</summary>
    private static (Node[] Pos, Node[] Neg) Scaled(RangeInfo x, Interval factor)
    {
        if (factor.Lo >= 1) return (x.ForcedPositive, x.ForcedNegative);
        if (factor.Hi <= -1) return (x.ForcedNegative, x.ForcedPositive);
        return (Array.Empty<Node>(), Array.Empty<Node>());
    }

    /// <summary>A forced infinity divided by a denominator of magnitude at most 1 (and of one sign) stays forced.</summary>
    private static (Node[] Pos, Node[] Neg) Divided(RangeInfo x, Interval denominator)
    {
        if (denominator.Lo >= 0 && denominator.Hi <= 1) return (x.ForcedPositive, x.ForcedNegative);
        if (denominator.Hi <= 0 && denominator.Lo >= -1) return (x.ForcedNegative, x.ForcedPositive);
        return (Array.Empty<Node>(), Array.Empty<Node>());
    }

    private RangeInfo ExpLike(Node n, Func<double, double> f, string why, bool nonZero, bool canUnderflow)
    {
        var a = Get(n.A);
        var value = a.Value.Increasing(f, nonZero);
        bool overflows = a.Value.Hi > ExpOverflow || a.PositiveInfinity.Length > 0;
        bool underflows = canUnderflow && (a.Value.Lo < ExpUnderflow || a.NegativeInfinity.Length > 0);
        string reason = a.Value.Hi <= 0 && n.Op == Op.Exp ? "exp of a value at most 0 lies in (0, 1]" : why;
        return new RangeInfo(value, reason, overflows ? RangeInfo.Union(new[] { n }, a.PositiveInfinity) : null, null,
            underflows ? new[] { n } : null);
    }

    /// <summary>log, log1p and sqrt bring a huge value back to a moderate one, so an overflowed operand is a hazard.</summary>
    private RangeInfo Shrinking(Node n)
    {
        var a = Get(n.A);
        foreach (var source in a.PositiveInfinity) Record(n, HazardKind.OverflowShrunk, source);
        if (n.Op == Op.Log)
            foreach (var source in a.Underflow) Record(n, HazardKind.LogOfUnderflow, source);
        var value = n.Op switch
        {
            Op.Log => new Interval(a.Value.Lo <= 0 ? double.NegativeInfinity : Math.Log(a.Value.Lo), Math.Log(Math.Max(a.Value.Hi, 0)), a.Value.Lo > 1 || a.Value.Hi < 1),
            Op.Log1p => new Interval(a.Value.Lo <= -1 ? double.NegativeInfinity : Log1p(a.Value.Lo), Log1p(Math.Max(a.Value.Hi, -1)), a.Value.ExcludesZero),
            _ => new Interval(Math.Sqrt(Math.Max(a.Value.Lo, 0)), Math.Sqrt(Math.Max(a.Value.Hi, 0)), a.Value.ExcludesZero),
        };
        // log1p and sqrt of a tiny value are tiny: an underflow there stays a harmless absolute error.
        return new RangeInfo(value, null, underflow: n.Op == Op.Log ? null : a.Underflow);
    }

    private RangeInfo Add(Node n)
    {
        var a = Get(n.A);
        var b = Get(n.B);
        if (n.Kind == ShapeKind.Matrix) return new RangeInfo(a.Value + b.Value, null, RangeInfo.Union(a.PositiveInfinity, b.PositiveInfinity), RangeInfo.Union(a.NegativeInfinity, b.NegativeInfinity));
        foreach (var p in a.PositiveInfinity) foreach (var _ in b.NegativeInfinity) Record(n, HazardKind.InfinityMinusInfinity, p);
        foreach (var p in b.PositiveInfinity) foreach (var _ in a.NegativeInfinity) Record(n, HazardKind.InfinityMinusInfinity, p);
        var value = a.Value + b.Value;
        string? why = null;
        if (value.Lo >= 1 && (a.Value.Lo >= 1 || b.Value.Lo >= 1) && (a.Value.IsNonNegative || b.Value.IsNonNegative))
            why = "1 plus a value at least 0";
        return new RangeInfo(value, why, RangeInfo.Union(a.PositiveInfinity, b.PositiveInfinity), RangeInfo.Union(a.NegativeInfinity, b.NegativeInfinity),
            a.CanUnderflow && b.CanUnderflow ? RangeInfo.Union(a.Underflow, b.Underflow) : null);
    }

    private RangeInfo Sub(Node n)
    {
        var a = Get(n.A);
        var b = Get(n.B);
        foreach (var p in a.PositiveInfinity) foreach (var _ in b.PositiveInfinity) Record(n, HazardKind.InfinityMinusInfinity, p);
        foreach (var p in a.NegativeInfinity) foreach (var _ in b.NegativeInfinity) Record(n, HazardKind.InfinityMinusInfinity, p);
        var value = a.Value - b.Value;
        string? why = null;
        // v - max(v), and v - (max(v) + c) with c >= 0 (a log-softmax): at most 0, whatever v is.
        if (IsRowMaxOf(n.B, n.A) || (n.B.Op == Op.Add && (IsRowMaxOf(n.B.A, n.A) && Get(n.B.B).Value.IsNonNegative || IsRowMaxOf(n.B.B, n.A) && Get(n.B.A).Value.IsNonNegative)))
        {
            value = new Interval(value.Lo, Math.Min(value.Hi, 0));
            why = ShiftedByRowMax;
        }
        return new RangeInfo(value, why, RangeInfo.Union(a.PositiveInfinity, b.NegativeInfinity), RangeInfo.Union(a.NegativeInfinity, b.PositiveInfinity),
            a.CanUnderflow && b.CanUnderflow ? RangeInfo.Union(a.Underflow, b.Underflow) : null);
    }

    private RangeInfo Mul(Node n)
    {
        var a = Get(n.A);
        var b = Get(n.B);
        CheckProduct(n, a, b);
        var value = n.A == n.B ? a.Value.Square() : a.Value * b.Value;
        var (pos, neg) = SignedOverflow(a, b.Value, b, a.Value);
        string? why = null;
        if (IsShiftedBeforeScaling(n)) (value, why) = (new Interval(value.Lo, Math.Min(value.Hi, 0)), ShiftedBeforeScaling);
        return new RangeInfo(value, why, pos, neg, RangeInfo.Union(a.Underflow, b.Underflow));
    }

    private RangeInfo Div(Node n)
    {
        var a = Get(n.A);
        var b = Get(n.B);
        foreach (var source in b.Underflow)
            if (!a.Value.IsZeroOnly()) Record(n, HazardKind.DivisionByUnderflow, source);
        foreach (var source in a.Overflow)
        {
            if (b.CanOverflow) Record(n, HazardKind.InfinityOverInfinity, source);
            // Dividing by more than 1 (a mean's n) brings values just past float's range back into it.
            else if (Math.Max(Math.Abs(b.Value.Lo), Math.Abs(b.Value.Hi)) > 1) Record(n, HazardKind.OverflowShrunk, source);
        }
        var value = a.Value / b.Value;
        string? why = null;
        if (IsShiftedBeforeScaling(n)) (value, why) = (new Interval(value.Lo, Math.Min(value.Hi, 0)), ShiftedBeforeScaling);
        var (pos, neg) = SignedOverflow(a, b.Value, null, default);
        // x / inf is 0 where the exact value is tiny: an underflow, harmless unless a log or a division meets it.
        return new RangeInfo(value, why, pos, neg, RangeInfo.Union(a.Underflow, b.Overflow));
    }

    /// <summary>inf * 0 and 0 * inf: an overflowed operand times one that can be zero, exactly or by underflow.</summary>
    private void CheckProduct(Node n, RangeInfo a, RangeInfo b)
    {
        Check(a, b);
        Check(b, a);

        void Check(RangeInfo infinite, RangeInfo factor)
        {
            foreach (var source in infinite.Overflow)
            {
                if (factor.Value.CanBeZero || factor.CanUnderflow) Record(n, HazardKind.InfinityTimesZero, source);
                // A factor below 1 in magnitude brings values just past float's range back into it: exp(89) / 2 is finite.
                else if (MinMagnitude(factor.Value) < 1 && !factor.CanOverflow) Record(n, HazardKind.OverflowShrunk, source);
            }
        }
    }

    private static double MinMagnitude(Interval v) => v.Lo > 0 ? v.Lo : v.Hi < 0 ? -v.Hi : 0;

    /// <summary>The infinities of a product or quotient: an infinite operand keeps or flips its sign with the other operand's.</summary>
    private static (Node[] Positive, Node[] Negative) SignedOverflow(RangeInfo a, Interval bValue, RangeInfo? b, Interval aValue)
    {
        Node[] pos = Array.Empty<Node>(), neg = Array.Empty<Node>();
        void From(RangeInfo x, Interval other)
        {
            if (other.Hi > 0) { pos = RangeInfo.Union(pos, x.PositiveInfinity); neg = RangeInfo.Union(neg, x.NegativeInfinity); }
            if (other.Lo < 0) { pos = RangeInfo.Union(pos, x.NegativeInfinity); neg = RangeInfo.Union(neg, x.PositiveInfinity); }
        }
        From(a, bValue);
        if (b is not null) From(b, aValue);
        return (pos, neg);
    }

    private RangeInfo MinMax(Node n)
    {
        var a = Get(n.A);
        var b = Get(n.B);
        bool max = n.Op == Op.Max;
        var value = max
            ? new Interval(Math.Max(a.Value.Lo, b.Value.Lo), Math.Max(a.Value.Hi, b.Value.Hi))
            : new Interval(Math.Min(a.Value.Lo, b.Value.Lo), Math.Min(a.Value.Hi, b.Value.Hi));
        // max(inf, y) is inf (as exact), min(inf, y) is y: only an infinity that can win survives.
        var pos = max ? RangeInfo.Union(a.PositiveInfinity, b.PositiveInfinity) : (a.PositiveInfinity.Length > 0 && b.PositiveInfinity.Length > 0 ? RangeInfo.Union(a.PositiveInfinity, b.PositiveInfinity) : null);
        var neg = !max ? RangeInfo.Union(a.NegativeInfinity, b.NegativeInfinity) : (a.NegativeInfinity.Length > 0 && b.NegativeInfinity.Length > 0 ? RangeInfo.Union(a.NegativeInfinity, b.NegativeInfinity) : null);
        string? why = max && value.Lo >= 0 && (a.Value.IsNonNegative || b.Value.IsNonNegative) ? "a max with a value at least 0" : null;
        return new RangeInfo(value, why, pos, neg, RangeInfo.Union(a.Underflow, b.Underflow));
    }

    private RangeInfo Sum(Node n)
    {
        var a = Get(n.A);
        double length = LengthOf(n.A.Dim0);
        // The sum of exp(v - max(v)) has the term exp(0) = 1 at the max: at least 1, never underflowing.
        if (n.A.Op == Op.Exp && Get(n.A.A).Why is ShiftedByRowMax or ShiftedBeforeScaling)
            return new RangeInfo(new Interval(1, length, true), "the term at the row max is exp(0) = 1");
        return new RangeInfo(a.Value.SumOf(length), a.Value.IsNonNegative ? a.Why : null, a.PositiveInfinity, a.NegativeInfinity, a.Underflow);
    }

    /// <summary>
    /// (u - c) * t or (u - c) / t with c = max(u) and t &gt;= 0, c = min(u) and t &lt;= 0, or c chosen by t's sign:
    /// every element is then at most 0.
    /// </summary>
    private bool IsShiftedBeforeScaling(Node n)
    {
        if (!ScaledShift.TrySplit(n, out var u, out var scale) || u.Op != Op.Sub) return false;
        var c = StopGradient.Strip(u.B);
        var sign = Get(scale).Value;
        return c.Op switch
        {
            Op.ReduceMax => c.A == u.A && sign.IsNonNegative,
            Op.ReduceMin => c.A == u.A && sign.IsNonPositive,
            _ => ScaledShift.IsExtremeOf(c, u.A, scale),
        };
    }

    /// <summary>True when <paramref name="shift"/> is stopgrad(max(v)) or max(v) of the vector <paramref name="v"/>.</summary>
    private static bool IsRowMaxOf(Node shift, Node v)
    {
        var m = StopGradient.Strip(shift);
        // v[y] - max(v) too: one element of the row, after gather pushdown.
        if (v.Op == Op.Gather) v = v.A;
        return m.Op == Op.ReduceMax && m.A == v && v.IsVector;
    }

    private void Record(Node at, HazardKind kind, Node source)
    {
        if (!_hazards.TryGetValue(at, out var list)) _hazards[at] = list = new List<Hazard>();
        if (!list.Exists(h => h.Kind == kind && h.Source == source)) list.Add(new Hazard(kind, source, at));
    }

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double Softplus(double x) => Math.Max(x, 0) + Log1p(Math.Exp(-Math.Abs(x)));

    private static double Log1p(double x) => Math.Abs(x) < 1e-5 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);
}
