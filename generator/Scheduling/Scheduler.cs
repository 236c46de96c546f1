using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>A vector result of a kernel variant and where it goes.</summary>
internal sealed record VectorOutput(Node Value, int Dim, Target Target);

/// <summary>A matrix gradient (a sum of outer products) and the span it accumulates into.</summary>
internal sealed record MatrixOutput(Node Matrix, Node Value, string Target);

/// <summary>
/// Decides the passes over memory. Elementwise work is never stored: it is recomputed inside the pass that
/// consumes it. A reduction runs in the first pass after every scalar it depends on is known; reductions
/// and writes that become possible at the same point over the same dimension share one loop; and
/// <c>sum(exp(v - max(v)))</c> joins the pass computing <c>max(v)</c> as an online (rescaled) sum.
/// <para>
/// The cache-resident variant is for rows that stay in cache, where the exps, not the reads, are what costs:
/// it keeps the max in a pass of its own, so that <c>exp(v - max)</c> has its final value when the sum reads
/// it, and stores that exp in an output span for the passes after it (one exp per element instead of two).
/// </para>
/// </summary>
internal sealed class Scheduler
{
    private readonly Graph _g;
    private readonly Dictionary<Node, int> _avail = new();
    private readonly Dictionary<Node, Node> _onlineMaxOfSum = new();
    private readonly Dictionary<Node, int> _uses = new();
    private readonly SortedDictionary<int, List<Step>> _byIndex = new();

    private readonly bool _cacheResident;
    private readonly Func<Node, bool>? _perRowInput;

    private Scheduler(Graph graph, bool cacheResident, Func<Node, bool>? perRowInput)
    {
        _g = graph;
        _cacheResident = cacheResident;
        _perRowInput = perRowInput;
    }

    /// <summary>
    /// Schedules one kernel variant. With <paramref name="perRowInput"/> (true for an input whose rows lie one
    /// after another in a batch) it is the batch schedule: <c>w * x</c> of such an input, and the outer products
    /// <c>g xᵀ</c> of a matrix gradient, leave the row's passes for a matrix product over the whole batch.
    /// </summary>
    public static Plan Schedule(Graph graph, Node? returnValue, IReadOnlyList<VectorOutput> vectors,
        IReadOnlyList<(Node Value, string Target)> scalars, IReadOnlyList<MatrixOutput> matrices, bool cacheResident = false,
        Func<Node, bool>? perRowInput = null)
    {
        var plan = new Scheduler(graph, cacheResident, perRowInput).Build(returnValue, vectors, scalars, matrices);
        Unrolling.Apply(plan);
        return plan;
    }

    /// <summary>True, in the batch schedule, for <c>w * x</c> with x a per-row input: the batch computes it up front.</summary>
    private bool IsBatchProduct(Node node)
        => node.Op == Op.MatVec && _perRowInput is not null && IsPerRowInput(node.B);

    private bool IsPerRowInput(Node node)
    {
        node = StopGradient.Strip(node);
        return node.Op == Op.Input && _perRowInput!(node);
    }

    private Plan Build(Node? returnValue, IReadOnlyList<VectorOutput> vectors, IReadOnlyList<(Node Value, string Target)> scalars, IReadOnlyList<MatrixOutput> matrices)
    {
        var plan = new Plan { ReturnValue = returnValue };
        var outers = matrices.SelectMany(m => Terms(m.Value).Select(t => (m.Matrix, Term: t, m.Target))).ToList();
        var roots = new List<Node>();
        if (returnValue is not null) roots.Add(returnValue);
        roots.AddRange(vectors.Select(v => v.Value));
        roots.AddRange(scalars.Select(s => s.Value));
        roots.AddRange(outers.SelectMany(o => o.Term.Args));
        var order = Reachable(roots);
        foreach (var root in roots) Use(root);
        foreach (var node in order) foreach (var arg in node.Args) Use(arg);
        foreach (var node in order) _avail[node] = AvailabilityOf(node);

        var scheduledMax = new HashSet<Node>(_onlineMaxOfSum.Values);
        foreach (var node in order)
        {
            switch (node.Op)
            {
                case Op.Sum when _onlineMaxOfSum.TryGetValue(node, out var max):
                    PassAt(_avail[node], max.A.Dim0).Items.Add(new OnlineLogSumExpItem(max, node, max.A));
                    break;
                case Op.ReduceMax when scheduledMax.Contains(node):
                    break;
                case Op.Sum or Op.ReduceMax or Op.ReduceMin:
                    PassAt(_avail[node], node.A.Dim0).Items.Add(new ReduceItem(node));
                    break;
                case Op.MatVec when IsBatchProduct(node):
                    plan.BatchProducts.Add(node);
                    break;
                case Op.MatVec:
                    At(_avail[node]).Add(new MatVecStep(node));
                    plan.Buffers.Add(node);
                    break;
                case Op.MatTVec:
                    MatrixStepAt(_avail[node], node.A).Transposed.Add(node);
                    var direct = vectors.FirstOrDefault(v => v.Value == node && !v.Target.Accumulate && !v.Target.IsRow);
                    if (direct is not null && _uses[node] == 1) plan.DirectTargets[node] = direct.Target.Name;
                    else plan.Buffers.Add(node);
                    break;
                case Op.Gather:
                    At(_avail[node]).Add(new ScalarStep(node));
                    break;
                default:
                    if (node.IsScalar && !IsLeaf(node) && !node.Op.IsReduction() && node.Op != Op.StopGrad && NeedsLocal(node, returnValue, scalars))
                        At(_avail[node]).Add(new ScalarStep(node));
                    break;
            }
        }

        foreach (var output in vectors)
        {
            if (plan.DirectTargets.ContainsKey(output.Value)) continue;
            var (rest, oneHots) = SplitOneHots(output.Value);
            int index = rest is null ? 1 : Avail(rest) + 1;
            PassAt(index, output.Dim).Items.Add(new WriteItem(output.Target, rest, oneHots));
        }
        foreach (var (matrix, term, target) in outers)
        {
            if (_perRowInput is not null && term.A.IsVector && IsPerRowInput(term.B))
            {
                // The row only writes its g; the batch adds every row's g xᵀ in one matrix product afterwards.
                int earlier = plan.BatchOuters.Count(o => o.Target == target);
                var factor = new Target(target + "Factor" + (earlier == 0 ? "" : (earlier + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), Accumulate: false);
                plan.BatchOuters.Add(new BatchOuter(matrix, StopGradient.Strip(term.B), target, factor));
                var (g, gOneHots) = SplitOneHots(term.A);
                PassAt(g is null ? 1 : Avail(g) + 1, term.A.Dim0).Items.Add(new WriteItem(factor, g, gOneHots));
                continue;
            }
            int index = Math.Max(Avail(term.A), Avail(term.B)) + 1;
            MatrixStepAt(index, matrix).Outers.Add((term.A, term.B, new Target(target, Accumulate: true)));
        }
        plan.ScalarOutputs.AddRange(scalars);
        if (_cacheResident) StashRecomputedExps(_byIndex.Values.SelectMany(steps => steps.OfType<PassStep>()).ToList(), plan);

        int passNumber = 0;
        foreach (var entry in _byIndex)
        {
            // Loops first, then the scalars they make available (a scalar step never feeds a loop at its own index).
            foreach (var step in entry.Value.Where(s => s is not ScalarStep).Concat(entry.Value.OfType<ScalarStep>().OrderBy(s => s.Node.Id)))
            {
                if (step is not ScalarStep) step.PassNumber = ++passNumber;
                plan.Steps.Add(step);
            }
        }
        plan.PassCount = passNumber;
        foreach (var step in plan.Steps)
        {
            if (step is MatVecStep matVec) MatrixLoops.Lower(_g, matVec);
            else if (step is MatrixGradientStep gradient) MatrixLoops.Lower(_g, gradient);
        }
        return plan;
    }

    /// <summary>The step index after which <paramref name="node"/> can be used (nodes made while scheduling are computed on demand).</summary>
    private int Avail(Node node)
    {
        if (_avail.TryGetValue(node, out int known)) return known;
        foreach (var arg in node.Args) Avail(arg);
        return _avail[node] = AvailabilityOf(node);
    }

    private int AvailabilityOf(Node node)
    {
        if (node.Args.Length == 0 || node.Op == Op.OneHot) return 0;
        int operands = node.Args.Max(a => _avail[a]);
        switch (node.Op)
        {
            // One running sum per max: a second sum of exps of the same shifted row (one with its shift held
            // constant for the gradient, one without) is an ordinary sum in a later pass.
            case Op.Sum when !_cacheResident && OnlineMaxOf(node) is { } max && _avail[max] == operands && !_onlineMaxOfSum.ContainsValue(max):
                _onlineMaxOfSum[node] = max;
                return _avail[max];
            case Op.MatVec when IsBatchProduct(node):
                return 0;
            case Op.Sum or Op.ReduceMax or Op.ReduceMin or Op.MatVec or Op.MatTVec:
                return operands + 1;
            default:
                return operands;
        }
    }

    /// <summary>
    /// An exp (or log) computed by a pass and needed again by later passes over the same dimension is stored,
    /// by its first pass, in the output the last of those passes writes; the passes in between and that last
    /// one read it back. The output is free for this: nothing reads it, and its final value is written only
    /// by the last pass, element by element after reading the stashed value.
    /// </summary>
    private void StashRecomputedExps(List<PassStep> passes, Plan plan)
    {
        var used = passes.Select(VectorNodes).ToList();
        var taken = new HashSet<string>();
        for (int p = 0; p < passes.Count; p++)
        {
            foreach (var value in used[p].Where(n => n.Op.IsTranscendental()).OrderBy(n => n.Id))
            {
                if (passes[p].Stashed.ContainsKey(value)) continue;
                var later = Enumerable.Range(p + 1, passes.Count - p - 1)
                    .Where(q => _g.Dims.Find(passes[q].Dim) == _g.Dims.Find(passes[p].Dim) && used[q].Contains(value)).ToList();
                if (later.Count == 0) continue;
                int last = later[later.Count - 1];
                var write = passes[last].Items.OfType<WriteItem>().FirstOrDefault(w =>
                    !w.Target.Accumulate && !w.Target.IsRow && !taken.Contains(w.Target.Name)
                    && !Enumerable.Range(p, last - p).Any(q => passes[q].Items.OfType<WriteItem>().Any(o => o.Target.Name == w.Target.Name)));
                if (write is null) continue;
                taken.Add(write.Target.Name);
                passes[p].Items.Add(new WriteItem(write.Target, value, new List<(Node, Node)>()) { IsStash = true });
                foreach (int q in later) passes[q].Stashed[value] = write.Target;
                // A row's factor of an outer product is the batch's own buffer: no caller's span can overlap it.
                bool internalBuffer = plan.BatchOuters.Any(o => o.Factor == write.Target);
                for (int q = p + 1; q <= last && !internalBuffer; q++)
                {
                    foreach (var input in InputsRead(passes[q]))
                    {
                        if (!plan.StashHazards.Contains((write.Target, input))) plan.StashHazards.Add((write.Target, input));
                    }
                }
            }
        }
    }

    /// <summary>The vector inputs a pass reads, not counting those only needed for values it reads back from a stash.</summary>
    private static IEnumerable<Node> InputsRead(PassStep pass)
        => VectorNodes(pass, pass.Stashed).Where(n => n.Op is Op.Input or Op.Seed).OrderBy(n => n.Id);

    /// <summary>The vector nodes a pass evaluates per element (not the scalars it broadcasts).</summary>
    private static HashSet<Node> VectorNodes(PassStep pass) => VectorNodes(pass, new Dictionary<Node, Target>());

    private static HashSet<Node> VectorNodes(PassStep pass, Dictionary<Node, Target> stopAt)
    {
        var found = new HashSet<Node>();
        foreach (var item in pass.Items)
        {
            switch (item)
            {
                case ReduceItem r: Walk(r.Reduction.A); break;
                case OnlineLogSumExpItem o: Walk(o.Value); break;
                case WriteItem { Value: not null } w: Walk(w.Value); break;
            }
        }
        return found;

        void Walk(Node n)
        {
            n = StopGradient.Strip(n);
            // A matrix product is read from its buffer: what it is made of is not evaluated by the pass.
            if (n.IsScalar || !found.Add(n) || n.Op is Op.MatVec or Op.MatTVec || stopAt.ContainsKey(n)) return;
            foreach (var a in n.Args) Walk(a);
        }
    }

    /// <summary>For <c>sum(exp(v - m))</c> with <c>m = [stopgrad] max(v)</c>, the max node; otherwise null.</summary>
    private static Node? OnlineMaxOf(Node sum)
    {
        var e = sum.A;
        if (e.Op != Op.Exp || e.A.Op != Op.Sub) return null;
        var shift = e.A.B.Op == Op.StopGrad ? e.A.B.A : e.A.B;
        return shift.Op == Op.ReduceMax && shift.A == e.A.A ? shift : null;
    }

    /// <summary>Separates <c>rest + c1 * onehot(y1) - ...</c>: one-hot terms touch one element, so they are added after the loop.</summary>
    private (Node? Remainder, List<(Node Label, Node Coefficient)> OneHots) SplitOneHots(Node value)
    {
        var oneHots = new List<(Node, Node)>();
        Node? rest = Split(value, negate: false);
        return (rest, oneHots);

        Node? Split(Node n, bool negate)
        {
            switch (n.Op)
            {
                case Op.OneHot:
                    oneHots.Add((n.A, _g.Const(negate ? -1 : 1)));
                    return null;
                case Op.Mul when n.A.Op == Op.OneHot && n.B.IsScalar:
                    oneHots.Add((n.A.A, negate ? _g.Unary(Op.Neg, n.B) : n.B));
                    return null;
                case Op.Mul when n.B.Op == Op.OneHot && n.A.IsScalar:
                    oneHots.Add((n.B.A, negate ? _g.Unary(Op.Neg, n.A) : n.A));
                    return null;
                case Op.Neg when n.IsVector:
                {
                    int before = oneHots.Count;
                    var inner = Split(n.A, !negate);
                    if (oneHots.Count == before) return n;
                    return inner is null ? null : _g.Unary(Op.Neg, inner);
                }
                case Op.Add or Op.Sub when n.IsVector:
                {
                    int before = oneHots.Count;
                    var a = Split(n.A, negate);
                    var b = Split(n.B, n.Op == Op.Sub ? !negate : negate);
                    if (oneHots.Count == before) return n;
                    if (a is null && b is null) return null;
                    if (b is null) return a;
                    if (a is null) return n.Op == Op.Sub ? _g.Unary(Op.Neg, b) : b;
                    return _g.Binary(n.Op, a, b);
                }
                default:
                    return n;
            }
        }
    }

    private static IEnumerable<Node> Terms(Node matrixValue)
        => matrixValue.Op == Op.Add && matrixValue.Kind == ShapeKind.Matrix
            ? Terms(matrixValue.A).Concat(Terms(matrixValue.B))
            : matrixValue.Op == Op.Outer ? new[] { matrixValue } : throw new InvalidOperationException("matrix gradient is not a sum of outer products");

    private bool NeedsLocal(Node node, Node? returnValue, IReadOnlyList<(Node Value, string Target)> scalars)
        => _uses.TryGetValue(node, out int uses) && uses > 1 || node == returnValue || scalars.Any(s => s.Value == node) || UsedByVector(node);

    private readonly HashSet<Node> _usedByVector = new();

    private bool UsedByVector(Node node) => _usedByVector.Contains(node);

    private void Use(Node node)
    {
        node = StopGradient.Strip(node);
        _uses[node] = _uses.TryGetValue(node, out int n) ? n + 1 : 1;
    }

    /// <summary>The nodes the outputs need, noting which are operands of vector (or matrix) work.</summary>
    private List<Node> Reachable(IEnumerable<Node> roots)
    {
        var order = GraphWalk.Reachable(roots);
        foreach (var n in order)
        {
            if (n.IsScalar && n.Op != Op.Outer) continue;
            foreach (var a in n.Args) _usedByVector.Add(StopGradient.Strip(a));
        }
        return order;
    }

    private static bool IsLeaf(Node n) => n.Op is Op.Const or Op.Input or Op.Label or Op.Length or Op.Seed;

    private List<Step> At(int index)
    {
        if (!_byIndex.TryGetValue(index, out var list)) _byIndex[index] = list = new List<Step>();
        return list;
    }

    private PassStep PassAt(int index, int dim)
    {
        dim = _g.Dims.Find(dim);
        var steps = At(index);
        var pass = steps.OfType<PassStep>().FirstOrDefault(p => _g.Dims.Find(p.Dim) == dim);
        if (pass is null) steps.Add(pass = new PassStep(dim));
        return pass;
    }

    private MatrixGradientStep MatrixStepAt(int index, Node matrix)
    {
        var steps = At(index);
        var step = steps.OfType<MatrixGradientStep>().FirstOrDefault(s => s.Matrix == matrix);
        if (step is null) steps.Add(step = new MatrixGradientStep(matrix));
        return step;
    }
}
