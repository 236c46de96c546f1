using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Writes the small-row schedule's core: eight rows at once, one row per vector lane (<see cref="LaneEligibility"/>
/// decides which kernels). The rows are copied into tiles on the stack (<c>RowLanes.ToTile</c>), the passes run the
/// row-by-row code's operators over the tiles (<see cref="PassLayout.AcrossLanes"/>), and the outputs are copied back.
/// </summary>
internal sealed class RowLanesEmitter
{
    public const string Lanes = RuntimeNames.RowLanes + ".Count";

    private readonly KernelModel _m;
    private readonly KernelSpec _spec;
    private readonly Plan _plan;
    private readonly bool _backward;
    private readonly CodeWriter _w;
    private readonly EmitContext _ctx;
    private readonly int _dim;
    private readonly string _length;

    private readonly IReadOnlyList<int> _gradientParams;
    private readonly Dictionary<Node, string> _products = new();
    private readonly PassEmitter _passes;

    private RowLanesEmitter(KernelModel model, Plan plan, bool backward, CodeWriter writer, int dim, IReadOnlyList<int> gradientParams, IReadOnlyList<string> productNames,
        RowOperators operators, string lanes)
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
        var layout = PassLayout.AcrossLanes(Scalar, span => span + "Tile", IsSharedTarget, LabelLanes);
        _passes = new PassEmitter(_ctx, layout, writer, operators, lanes);
    }

    /// <summary>Writes the eight-row core method for <paramref name="plan"/>; the schedule checked it can (<see cref="LaneEligibility"/>).</summary>
    /// <param name="gradientParams">The parameters whose gradients the rows write (the batch's matrix products write the rest).</param>
    /// <param name="productNames">The name of each of <paramref name="plan"/>'s batch products, eight rows of which the core reads.</param>
    public static void Emit(KernelModel model, Plan plan, bool backward, CodeWriter writer, int dim, string name, IReadOnlyList<int> gradientParams, IReadOnlyList<string> productNames,
        RowOperators operators, string lanes)
        => new RowLanesEmitter(model, plan, backward, writer, dim, gradientParams, productNames, operators, lanes).Write(name);

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
        _w.Line(KernelEmitter.CoreAttributes);
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
        var passes = _plan.Steps.OfType<PassStep>().ToList();
        // A vector the rows share is read as a tile too, element j in every lane; a gradient they share gets a scratch tile.
        var shared = passes.SelectMany(p => PassAnalysis.Of(p).Loads).Where(IsSharedInput).Select(LoadName).Distinct().ToList();
        var sharedTargets = passes.SelectMany(p => p.Items.OfType<WriteItem>()).Select(w => w.Target).Where(IsSharedTarget).Select(t => t.Name).Distinct().ToList();
        foreach (var (span, tile, output) in tiles)
        {
            _w.Line($"{BclNames.Span}<float> {tile} = stackalloc float[{Lanes} * {TileLength}];");
            if (!output) _w.Line($"{RuntimeNames.RowLanes}.ToTile({span}, {_length}, {tile});");
            _ctx.Fresh(tile);
        }
        foreach (var span in shared)
        {
            _w.Line($"{BclNames.Span}<float> {span}Tile = stackalloc float[{Lanes} * {TileLength}];");
            _w.Line($"{RuntimeNames.RowLanes}.ToBroadcastTile({span}, {_length}, {span}Tile);");
            _ctx.Fresh(span + "Tile");
        }
        foreach (var span in sharedTargets)
        {
            _w.Line($"{BclNames.Span}<float> {span}Tile = stackalloc float[{Lanes} * {TileLength}];");
            _ctx.Fresh(span + "Tile");
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
                    _w.Gap();
                    _passes.EmitScheduled(pass, _plan.PassCount, "along the eight rows");
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

    /// <summary>A per-row scalar: one lane per row.</summary>
    /// <summary>Declares the parts of a long per-row scalar expression as locals first (<see cref="LongExpressions"/>).</summary>
    private void SplitLongOperands(Node node)
        => LongExpressions.SplitOperands(node, _ctx, _w, $"{BclNames.Vector256}<float>", Scalar);

    private Expr Scalar(Node n)
    {
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
                : Expr.Atomic($"{BclNames.Vector256}.LoadUnsafe(ref {BclNames.MemoryMarshal}.GetReference({tile}), (nuint)({Lanes} * {_ctx.LabelText(label)}))");
        }
        return OpFormatter.Vector(v.Op, v.Args.Select(a => AtLabel(a, label)).ToArray(), _ctx.Vectors);
    }

    private string LabelLanes(Node label) => label.Param >= 0
        ? _ctx.ParamName(label.Param) + "Lanes"
        : $"{BclNames.Vector256}.Create({_ctx.LabelText(label)})";

    private string TileOf(Node leaf) => LoadName(leaf) + "Tile";

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
}
