using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

/// <summary>
/// The small-row schedule: eight rows at once, one row per vector lane. A row of ten classes fills one vector
/// and leaves two elements for a scalar tail, and every reduction over it ends in a horizontal sum; with the
/// rows across the lanes, element j of eight rows is one vector, each reduction is a lane-wise add or max, and
/// there is no tail. The rows are copied into tiles on the stack (<c>RowLanes.ToTile</c>) and the outputs
/// copied back; the passes are the same ones the row-by-row code runs.
/// <para>
/// Only for kernels whose inputs are per-row vectors of one length, labels and shared scalars (no matrix, no
/// shared vector) and whose schedule has no online pass; <see cref="RowDimension"/> returns null for the others.
/// </para>
/// </summary>
internal sealed class RowLanesEmitter
{
    /// <summary>Rows up to this length go across the lanes: two vectors or fewer per row.</summary>
    public const int MaxLength = 16;

    public const string Lanes = RuntimeNames.RowLanes + ".Count";

    private readonly KernelModel _m;
    private readonly KernelSpec _spec;
    private readonly Plan _plan;
    private readonly bool _backward;
    private readonly CodeWriter _w;
    private readonly EmitContext _ctx;
    private readonly int _dim;
    private readonly string _length;

    // Per pass.
    private readonly Dictionary<Node, string> _locals = new();
    private readonly Dictionary<Node, string> _loads = new();
    private readonly Dictionary<Node, string> _inverses = new();
    private IReadOnlyDictionary<Node, Target> _stashed = new Dictionary<Node, Target>();
    private readonly IReadOnlyList<int> _gradientParams;
    private readonly Dictionary<Node, string> _products = new();

    private RowLanesEmitter(KernelModel model, Plan plan, bool backward, CodeWriter writer, int dim, IReadOnlyList<int> gradientParams, IReadOnlyList<string> productNames)
    {
        _gradientParams = gradientParams;
        for (int i = 0; i < plan.BatchProducts.Count; i++) _products[plan.BatchProducts[i]] = productNames[i];
        _m = model;
        _spec = model.Kernel.Spec;
        _plan = plan;
        _backward = backward;
        _w = writer;
        _ctx = new EmitContext(model.Kernel, model.Dims.Names);
        foreach (var pair in _products) _ctx.Buffers[pair.Key] = pair.Value;
        _dim = dim;
        _length = model.Dims.Names[dim];
    }

    /// <summary>The row dimension when the kernel can run across lanes with <paramref name="plan"/>, else null.</summary>
    public static int? RowDimension(KernelModel model, Plan plan)
    {
        var spec = model.Kernel.Spec;
        var dims = model.Kernel.Graph.Dims;
        if (plan.OnlinePass is not null) return null;
        // Every loop runs along one dimension (matrix work, if any, is the batch's), the row the lanes hold.
        if (plan.Steps.Any(step => step is not (PassStep or ScalarStep))) return null;
        var passDims = plan.Steps.OfType<PassStep>().Select(p => dims.Find(p.Dim)).Distinct().ToList();
        if (passDims.Count != 1) return null;
        int dim = passDims[0];
        if (dims.SizeOf(dim) > MaxLength) return null;
        if (spec.ReturnsVector && dims.Find(model.Root.Dim0) != dim) return null;

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
        return dim;
    }

    /// <summary>A gathered vector expression must be made of inputs, scalars and elementwise ops.</summary>
    private static bool GatherableLeaves(Node v)
    {
        v = StopGradient.Strip(v);
        if (v.IsScalar) return true;
        if (v.Op is Op.Input or Op.Seed or Op.MatVec) return true;
        if (v.Op == Op.OneHot || !v.Op.IsElementwise()) return false;
        return v.Args.All(GatherableLeaves);
    }

    /// <summary>Writes the eight-row core method for <paramref name="plan"/>; the caller checked <see cref="RowDimension"/>.</summary>
    /// <param name="gradientParams">The parameters whose gradients the rows write (the batch's matrix products write the rest).</param>
    /// <param name="productNames">The name of each of <paramref name="plan"/>'s batch products, eight rows of which the core reads.</param>
    public static void Emit(KernelModel model, Plan plan, bool backward, CodeWriter writer, int dim, string name, IReadOnlyList<int> gradientParams, IReadOnlyList<string> productNames)
        => new RowLanesEmitter(model, plan, backward, writer, dim, gradientParams, productNames).Write(name);

    private IEnumerable<(ParamSpec P, int Index)> Params => _spec.Parameters.Select((p, i) => (p, i));

    /// <summary>The longest row a tile holds: the kernel's constant length, or the limit the batch entry checks.</summary>
    private string TileLength => _m.Kernel.Graph.Dims.SizeOf(_dim) >= 0 ? _length : "LaneRowLength";

    private void Write(string name)
    {
        var parameters = new List<string>();
        var read = PlanReads.ArrayParameters(_plan);
        foreach (var (p, _) in Params.Where(x => x.P.Kind is not (ParamKind.Vector or ParamKind.Matrix) || read.Contains(x.Index)))
            parameters.Add(p.Kind switch { ParamKind.Vector or ParamKind.Matrix => $"{BclNames.ReadOnlySpan}<float> ", ParamKind.Scalar => "float ", _ => $"{BclNames.ReadOnlySpan}<int> " } + p.Name);
        if (_backward) parameters.Add(_spec.ReturnsVector ? $"{BclNames.ReadOnlySpan}<float> dResult" : "float gradScale");
        parameters.Add(_spec.ReturnsVector ? $"{BclNames.Span}<float> result" : $"{BclNames.Span}<float> values");
        var gradients = Params.Where(x => _backward && _gradientParams.Contains(x.Index)).ToList();
        foreach (var (p, _) in gradients) parameters.Add((p.Kind == ParamKind.Scalar ? "ref float d" : $"{BclNames.Span}<float> d") + p.Name);
        foreach (var product in _products.Values) parameters.Add($"{BclNames.ReadOnlySpan}<float> " + product);
        foreach (var outer in _plan.BatchOuters) parameters.Add($"{BclNames.Span}<float> " + outer.Factor.Name);
        parameters.AddRange(_m.Dims.Order.Where(s => s.Constant < 0).Select(s => "int " + s.Name));

        _w.Line($"/// <summary>Eight rows {(_backward ? "forward and backward" : "forward")}, one per vector lane: {KernelEmitter.Plural(_plan.PassCount, "pass")} along the rows, with no horizontal reduction and no scalar tail.</summary>");
        _w.Open($"private static void {name}({string.Join(", ", parameters)})");

        _w.Comment($"Tiles: element j of the eight rows is one vector, at [8 * j].");
        var tiles = new List<(string Span, string Tile, bool Output)>();
        // Only the per-row vectors the passes read: in a batch schedule an input such as x may be read by the batch's product alone.
        foreach (var (p, i) in Params.Where(x => x.P.Kind == ParamKind.Vector && !x.P.Shared && read.Contains(x.Index))) tiles.Add((p.Name, p.Name + "Tile", false));
        foreach (var product in _products.Values) tiles.Add((product, product + "Tile", false));
        if (_backward && _spec.ReturnsVector) tiles.Add(("dResult", "dResultTile", false));
        if (_spec.ReturnsVector) tiles.Add(("result", "resultTile", true));
        foreach (var (p, _) in gradients.Where(g => g.P.Kind == ParamKind.Vector && !g.P.Shared)) tiles.Add(("d" + p.Name, "d" + p.Name + "Tile", true));
        foreach (var outer in _plan.BatchOuters) tiles.Add((outer.Factor.Name, outer.Factor.Name + "Tile", true));
        foreach (var (span, tile, output) in tiles)
        {
            _w.Line($"{BclNames.Span}<float> {tile} = stackalloc float[{Lanes} * {TileLength}];");
            if (!output) _w.Line($"{RuntimeNames.RowLanes}.ToTile({span}, {_length}, {tile});");
            _w.Line($"ref float {tile}Ref = ref {BclNames.MemoryMarshal}.GetReference({tile});");
            _ctx.Fresh(tile);
        }
        foreach (var (p, _) in Params.Where(x => x.P.Kind == ParamKind.Label))
        {
            _w.Line($"{BclNames.Vector256}<int> {p.Name}Lanes = {RuntimeNames.RowLanes}.Labels({p.Name});");
        }
        foreach (var (p, _) in Params.Where(x => x.P.Kind == ParamKind.Scalar))
            _w.Line($"{BclNames.Vector256}<float> {p.Name}Vec = {BclNames.Vector256}.Create({p.Name});");
        if (_backward && !_spec.ReturnsVector) _w.Line($"{BclNames.Vector256}<float> gradScaleVec = {BclNames.Vector256}.Create(gradScale);");

        foreach (var step in _plan.Steps)
        {
            switch (step)
            {
                case ScalarStep s:
                {
                    string local = _ctx.Fresh(s.Node == _plan.ReturnValue ? "value" : _ctx.StemFor(s.Node));
                    SplitLongOperands(s.Node);
                    _w.Line($"{BclNames.Vector256}<float> {local} = {Scalar(s.Node).Text};");
                    _ctx.Scalars[s.Node] = local;
                    break;
                }
                case PassStep pass:
                    _w.Line();
                    WritePass(pass);
                    break;
            }
        }

        _w.Line();
        foreach (var (span, tile, output) in tiles.Where(t => t.Output)) _w.Line($"{RuntimeNames.RowLanes}.FromTile({tile}, {_length}, {span});");
        foreach (var (value, target) in _plan.ScalarOutputs)
        {
            SplitLongOperands(value);
            _w.Line($"{target} += {BclNames.Vector256}.Sum({Scalar(value).Text});");
        }
        if (_plan.ReturnValue is not null)
        {
            SplitLongOperands(_plan.ReturnValue);
            _w.Line($"{BclNames.Vector256}.StoreUnsafe({Scalar(_plan.ReturnValue).Text}, ref {BclNames.MemoryMarshal}.GetReference(values));");
        }
        _w.Close();
    }

    private void WritePass(PassStep pass)
    {
        _locals.Clear();
        _loads.Clear();
        _inverses.Clear();
        _stashed = pass.Stashed;
        _w.Comment($"Pass {pass.PassNumber} of {_plan.PassCount}, along the eight rows: {Describe(pass)}.");
        foreach (var item in pass.Items.OfType<ReduceItem>())
        {
            string acc = _ctx.Fresh(_ctx.StemFor(item.Reduction));
            string init = item.Reduction.Op switch
            {
                Op.Sum => $"{BclNames.Vector256}<float>.Zero",
                Op.ReduceMax => $"{BclNames.Vector256}.Create(float.NegativeInfinity)",
                _ => $"{BclNames.Vector256}.Create(float.PositiveInfinity)",
            };
            _w.Line($"{BclNames.Vector256}<float> {acc} = {init};");
            _ctx.Scalars[item.Reduction] = acc;
        }
        _w.Open();
        _ctx.BeginScope();
        var order = new List<Node>();
        var uses = new Dictionary<Node, int>();
        foreach (var item in pass.Items)
        {
            switch (item)
            {
                case ReduceItem r: Visit(r.Reduction.A, order, uses); break;
                case WriteItem { Value: not null } w: Visit(w.Value, order, uses); break;
            }
        }
        foreach (var pair in _inverses.ToList())
        {
            _inverses[pair.Key] = _ctx.Fresh(StemOf(pair.Key) + "Inverse");
            _w.Line($"{BclNames.Vector256}<float> {_inverses[pair.Key]} = {BclNames.Vector256}<float>.One / {Scalar(pair.Key).At(Expr.Multiplicative + 1)};");
        }
        foreach (var load in _loads.Keys.ToList()) _loads[load] = _ctx.Fresh(_stashed.ContainsKey(load) ? Stem(load) : LoadName(load) + "j");
        _w.Open($"for (int j = 0; j < {_length}; j++)");
        string at = $"(nuint)({Lanes} * j)";
        foreach (var load in _loads.OrderBy(l => l.Key.Id))
        {
            _w.Line(IsSharedInput(load.Key)
                ? $"{BclNames.Vector256}<float> {load.Value} = {BclNames.Vector256}.Create({LoadName(load.Key)}[j]);"
                : $"{BclNames.Vector256}<float> {load.Value} = {BclNames.Vector256}.LoadUnsafe(ref {TileOf(load.Key)}Ref, {at});");
        }
        foreach (var node in LongExpressions.Locals(order, n => uses[n] > 1 || n.Op.IsTranscendental()))
        {
            string local = _ctx.Fresh(Stem(node));
            _w.Line($"{BclNames.Vector256}<float> {local} = {Definition(node).Text};");
            _locals[node] = local;
        }
        foreach (var item in pass.Items)
        {
            switch (item)
            {
                case ReduceItem r:
                {
                    string acc = _ctx.Scalars[r.Reduction];
                    string value = Element(r.Reduction.A).Text;
                    _w.Line(r.Reduction.Op switch
                    {
                        Op.Sum => $"{acc} += {value};",
                        Op.ReduceMax => $"{acc} = {_ctx.Vectors.Max}({acc}, {value});",
                        _ => $"{acc} = {_ctx.Vectors.Min}({acc}, {value});",
                    });
                    break;
                }
                case WriteItem w:
                {
                    if (w.Value is null && w.Target.Accumulate) break;
                    var value = w.Value is null ? Expr.Atomic($"{BclNames.Vector256}<float>.Zero") : Element(w.Value);
                    if (IsSharedTarget(w.Target))
                    {
                        // A gradient shared by the rows: the eight rows' terms, summed across the lanes.
                        _w.Line($"{w.Target.Name}[j] += {BclNames.Vector256}.Sum({value.Text});");
                        break;
                    }
                    string tile = w.Target.Name + "Tile";
                    _w.Line(w.Target.Accumulate
                        ? $"{BclNames.Vector256}.StoreUnsafe({BclNames.Vector256}.LoadUnsafe(ref {tile}Ref, {at}) + {value.Text}, ref {tile}Ref, {at});"
                        : $"{BclNames.Vector256}.StoreUnsafe({value.Text}, ref {tile}Ref, {at});");
                    break;
                }
            }
        }
        _w.Close();
        foreach (var w in pass.Items.OfType<WriteItem>())
        {
            foreach (var (label, coefficient) in w.OneHotTerms)
            {
                _w.Comment("The one-hot term touches one element per row: applied once, after the loop.");
                _w.Line(IsSharedTarget(w.Target)
                    ? $"{RuntimeNames.RowLanes}.AddAtLabels({w.Target.Name}, {LabelLanes(label)}, {Scalar(coefficient).Text});"
                    : $"{RuntimeNames.RowLanes}.AddAt({w.Target.Name}Tile, {LabelLanes(label)}, {Scalar(coefficient).Text});");
            }
        }
        _ctx.EndScope();
        _w.Close();
    }

    private void Visit(Node n, List<Node> order, Dictionary<Node, int> uses)
    {
        n = StopGradient.Strip(n);
        if (n.IsScalar) return;
        if (n.Op is Op.Input or Op.Seed or Op.MatVec || _stashed.ContainsKey(n))
        {
            _loads[n] = "";
            return;
        }
        if (uses.TryGetValue(n, out int count))
        {
            uses[n] = count + 1;
            return;
        }
        uses[n] = 1;
        if (n.Op == Op.Div && n.B.IsScalar) _inverses[StopGradient.Strip(n.B)] = "";
        foreach (var a in n.Args) Visit(a, order, uses);
        order.Add(n);
    }

    /// <summary>A vector node's value at element j of the eight rows.</summary>
    private Expr Element(Node n)
    {
        n = StopGradient.Strip(n);
        if (n.IsScalar) return Scalar(n);
        if (_loads.TryGetValue(n, out var load)) return Expr.Atomic(load);
        if (_locals.TryGetValue(n, out var local)) return Expr.Atomic(local);
        return Definition(n);
    }

    private Expr Definition(Node n)
    {
        if (n.Op == Op.OneHot) return Expr.Atomic($"{RuntimeNames.RowLanes}.OneHot(j, {LabelLanes(n.A)})");
        if (n.Op == Op.Div && n.B.IsScalar && _inverses.TryGetValue(StopGradient.Strip(n.B), out var inverse))
            return OpFormatter.Vector(Op.Mul, new[] { Element(n.A), Expr.Atomic(inverse) }, _ctx.Vectors);
        return OpFormatter.Vector(n.Op, n.Args.Select(Element).ToArray(), _ctx.Vectors);
    }

    /// <summary>A per-row scalar: one lane per row.</summary>
    /// <summary>Declares the parts of a long per-row scalar expression as locals first (<see cref="LongExpressions"/>).</summary>
    private void SplitLongOperands(Node node)
        => LongExpressions.SplitOperands(node, _ctx, _w, $"{BclNames.Vector256}<float>", Scalar);

    private Expr Scalar(Node n)
    {
        n = StopGradient.Strip(n);
        if (_ctx.Scalars.TryGetValue(n, out var name)) return Expr.Atomic(name);
        switch (n.Op)
        {
            case Op.Const:
                return Expr.Atomic($"{BclNames.Vector256}.Create({EmitContext.Literal(n.Value)})");
            case Op.Input:
                return Expr.Atomic(_ctx.ParamName(n.Param) + "Vec");
            case Op.Seed:
                return Expr.Atomic("gradScaleVec");
            case Op.Length:
                return Expr.Atomic($"{BclNames.Vector256}.Create((float){_ctx.DimName(n.Param)})");
            case Op.Gather:
                return AtLabel(n.A, n.B);
            default:
                if (n.Op.IsElementwise()) return OpFormatter.Vector(n.Op, n.Args.Select(Scalar).ToArray(), _ctx.Vectors);
                throw new InvalidOperationException($"scalar {n.Op} has no value here (it should have been computed by a pass)");
        }
    }

    /// <summary>Each row's element at its label (or at a constant index) of a vector expression.</summary>
    private Expr AtLabel(Node v, Node label)
    {
        v = StopGradient.Strip(v);
        if (v.IsScalar) return Scalar(v);
        if (IsSharedInput(v))
        {
            return label.Param >= 0
                ? Expr.Atomic($"{RuntimeNames.RowLanes}.Pick({LoadName(v)}, {LabelLanes(label)})")
                : Expr.Atomic($"{BclNames.Vector256}.Create({LoadName(v)}[{_ctx.LabelText(label)}])");
        }
        if (v.Op is Op.Input or Op.Seed or Op.MatVec)
        {
            string tile = TileOf(v);
            return label.Param >= 0
                ? Expr.Atomic($"{RuntimeNames.RowLanes}.Gather({tile}, {LabelLanes(label)})")
                : Expr.Atomic($"{BclNames.Vector256}.LoadUnsafe(ref {tile}Ref, (nuint)({Lanes} * {_ctx.LabelText(label)}))");
        }
        return OpFormatter.Vector(v.Op, v.Args.Select(a => AtLabel(a, label)).ToArray(), _ctx.Vectors);
    }

    private string LabelLanes(Node label) => label.Param >= 0
        ? _ctx.ParamName(label.Param) + "Lanes"
        : $"{BclNames.Vector256}.Create({_ctx.LabelText(label)})";

    private string TileOf(Node leaf)
    {
        if (_stashed.TryGetValue(leaf, out var target)) return target.Name + "Tile";
        return LoadName(leaf) + "Tile";
    }

    private string LoadName(Node leaf) => leaf.Op switch
    {
        Op.Seed => "dResult",
        Op.MatVec => _products[leaf],
        _ => _ctx.ParamName(leaf.Param),
    };

    /// <summary>A vector input shared by the eight rows: element j is one value, broadcast to the lanes.</summary>
    private bool IsSharedInput(Node leaf) => leaf.Op == Op.Input && leaf.IsVector && _spec.Parameters[leaf.Param].Shared;

    /// <summary>A gradient shared by the rows (accumulated over the batch), not a per-row tile.</summary>
    private bool IsSharedTarget(Target target) => target.Accumulate && !target.IsRow;

    private string StemOf(Node scalar) => _ctx.Scalars.TryGetValue(StopGradient.Strip(scalar), out var name) ? name : "scale";

    private static string Stem(Node n) => n.Op switch
    {
        // exp, log, log1p, sigmoid, ...: a value computed once and kept is named after its function.
        _ when n.Op.IsTranscendental() => n.Op.ToString().ToLowerInvariant(),
        Op.Sub => "diff",
        Op.Mul => "product",
        Op.Div => "ratio",
        _ => "value",
    };

    private string Describe(PassStep pass)
    {
        var printer = new MathPrinter(_ctx, useLocalNames: true);
        var parts = new List<string>();
        foreach (var item in pass.Items)
        {
            switch (item)
            {
                case ReduceItem r:
                    parts.Add($"{(r.Reduction.Op switch { Op.Sum => "sum", Op.ReduceMax => "max", _ => "min" })} of {printer.Print(r.Reduction.A)}");
                    break;
                case WriteItem { IsStash: true } w:
                    parts.Add($"keeps {printer.Print(w.Value!)} in {w.Target.Name} for the passes after this one");
                    break;
                case WriteItem w:
                    parts.Add($"{(w.Target.Accumulate ? "adds" : "writes")} {w.Target.Name} {(w.Target.Accumulate ? "+=" : "=")} {(w.Value is null ? "0" : printer.Print(w.Value))}");
                    break;
            }
        }
        foreach (var pair in pass.Stashed.OrderBy(p => p.Key.Id)) parts.Add($"{printer.Print(pair.Key)} read back from {pair.Value.Name}");
        return string.Join("; ", parts);
    }
}
