using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Writes one pass over a dimension as a call to the runtime's pass driver (<c>RowPass.Run</c>) with a row
/// operator: a nested struct whose one generic method computes, reduces and writes at a position, for eight elements
/// in the vector loop and for one in the tail. The loop, its unrolling and its accumulators are the driver's.
/// </summary>
internal sealed class PassEmitter
{
    /// <summary>The names every operator uses for its own members and parameters (and its type parameter, <see cref="_lanes"/>).</summary>
    private static readonly string[] OperatorNames = { "streams", "i", "Invoke", "accumulators" };

    /// <summary>The operators' type parameter, <c>T</c> unless a containing type already has one of that name.</summary>
    private readonly string _lanes;

    private readonly EmitContext _ctx;
    private readonly PassLayout _layout;
    private readonly CodeWriter _w;
    private readonly RowOperators _operators;

    // Per pass.
    private PassAnalysis _analysis = null!;
    private NameScope _names = null!;
    private readonly Dictionary<Node, string> _local = new();
    private readonly Dictionary<Node, string> _scalar = new();
    private readonly Dictionary<Node, string> _label = new();
    private readonly Dictionary<string, int> _streams = new();
    private readonly HashSet<string> _temporaries = new();

    public PassEmitter(EmitContext ctx, PassLayout layout, CodeWriter writer, RowOperators operators, string lanes)
    {
        _lanes = lanes;
        _ctx = ctx;
        _layout = layout;
        _w = writer;
        _operators = operators;
    }

    /// <summary>
    /// Writes <paramref name="pass"/>: <paramref name="heading"/> as a comment, the driver call, and the one-hot terms
    /// after it; a pass too wide for one driver call as the passes <see cref="PassWidth"/> splits it into.
    /// </summary>
    public void Emit(PassStep pass, string heading, string summary)
    {
        var (passes, temporaries) = PassWidth.Split(pass, () => new Target(_ctx.Fresh("part"), Accumulate: false));
        _temporaries.Clear();
        foreach (var temporary in temporaries) _temporaries.Add(temporary.Name);
        if (passes.Count == 1)
        {
            EmitOne(passes[0], heading, summary);
            return;
        }
        string length = _layout.TemporaryLength(_ctx.DimName(pass.Dim));
        _w.Comment($"{heading.TrimEnd('.')}; in {passes.Count} passes, since one pass reads and writes at most {PassWidth.MaxStreams} spans.");
        foreach (var temporary in temporaries) _w.Line($"float[] {temporary.Name} = {BclNames.ArrayPool}<float>.Shared.Rent({length});");
        var printer = new MathPrinter(_ctx, useLocalNames: true);
        foreach (var part in passes)
        {
            if (part.Items.Count == 1 && part.Items[0] is WriteItem w && temporaries.Contains(w.Target))
                EmitOne(part, $"Part of it first: {w.Target.Name} = {printer.Print(w.Value!)}.", $"Part of a wide expression: {printer.Print(w.Value!)}.");
            else
                EmitOne(part, "The rest of it.", summary);
        }
        foreach (var temporary in temporaries) _w.Line($"{BclNames.ArrayPool}<float>.Shared.Return({temporary.Name});");
    }

    /// <summary>
    /// A pass of a plan, with the comment "Pass N of M, <paramref name="where"/>: what it does." above the call and the
    /// same description as its operator's summary.
    /// </summary>
    public void EmitScheduled(PassStep pass, int passCount, string where)
    {
        string description = PassDescription.Of(pass, _ctx);
        Emit(pass, $"Pass {pass.PassNumber} of {passCount}, {where}: {description}.", char.ToUpperInvariant(description[0]) + description.Substring(1) + ".");
    }

    private void EmitOne(PassStep pass, string heading, string summary)
    {
        _analysis = PassAnalysis.Of(pass);
        _names = new NameScope(OperatorNames.Concat(new[] { _lanes }));
        _local.Clear();
        _scalar.Clear();
        _label.Clear();
        _streams.Clear();

        var arguments = new List<string>();
        var parameters = new List<string>();
        foreach (var s in _analysis.Scalars.Where(s => s.Op != Op.Const))
        {
            _scalar[s] = _names.Fresh(_ctx.Scalars.TryGetValue(s, out var known) ? known : _ctx.StemFor(s));
            parameters.Add(ScalarParameter + _scalar[s]);
            arguments.Add(_layout.Scalar(s).Text);
        }
        foreach (var label in _analysis.Labels)
        {
            _label[label] = _names.Fresh(label.Param >= 0 ? _ctx.LabelText(label) : "label");
            parameters.Add("int " + _label[label]);
            arguments.Add(_ctx.LabelText(label));
        }

        var reductions = pass.Items.Where(item => item is ReduceItem or OnlineLogSumExpItem).ToList();
        string accumulatorType = AccumulatorType(reductions, 0);
        var accumulators = reductions.Select(r => _names.Fresh(ResultNameStem(r))).ToList();
        string accumulatorParameter = reductions.Count == 1 ? accumulators[0] : "accumulators";

        foreach (var load in _analysis.Loads) _local[load] = _names.Fresh(LoadStem(load));
        foreach (var local in _analysis.Locals) _local[local] = _names.Fresh(LocalStem(local));
        foreach (var load in _analysis.Loads) Stream(LoadSpan(load));
        foreach (var write in pass.Items.OfType<WriteItem>()) Stream(write.Target.Name);

        var body = new CodeWriter();
        if (reductions.Count > 1)
            for (int k = 0; k < reductions.Count; k++)
                body.Line($"ref {AccumulatorType(reductions, k, single: true)} {accumulators[k]} = ref accumulators{Path(k, reductions.Count)};");
        foreach (var load in _analysis.Loads) body.Line($"{_lanes} {_local[load]} = streams.Load<{_lanes}>({_streams[LoadSpan(load)]}, i);");
        foreach (var local in _analysis.Locals) body.Line($"{_lanes} {_local[local]} = {Definition(local).Text};");
        int reduction = 0;
        foreach (var item in pass.Items)
        {
            switch (item)
            {
                case ReduceItem r when r.Reduction.Op == Op.Sum && _analysis.IsInlineProduct(r.Reduction.A):
                {
                    var product = r.Reduction.A;
                    body.Line($"{accumulators[reduction++]}.AddProduct({Value(product.A).Text}, {Value(product.B).Text});");
                    break;
                }
                case ReduceItem r:
                    body.Line($"{accumulators[reduction++]}.Add({Value(r.Reduction.A).Text});");
                    break;
                case OnlineLogSumExpItem o:
                    body.Line($"{accumulators[reduction++]}.Add({Value(o.Value).Text});");
                    break;
                case WriteItem w:
                    WriteStore(body, w);
                    break;
            }
        }

        var streamList = _streams.OrderBy(s => s.Value).Select(s => s.Key).ToList();
        string numbered = string.Join(", ", streamList.Select((s, k) => $"{k} = {s}"));
        string name = _operators.Declare(OperatorStem(pass, reductions), KernelEmitter.Xml($"{summary} Streams: {numbered}."), OperatorCode(parameters, accumulatorType, accumulatorParameter, body));

        _w.Comment(heading);
        // A temporary of a split pass is already laid out as the pass reads it.
        string spans = string.Join(", ", streamList.Select(s => _temporaries.Contains(s) ? s : _layout.Span(s)));
        string call = $"{_layout.Driver}.{DriverMethod(pass)}<{name}, {accumulatorType}>(new({string.Join(", ", arguments)}), new({spans}), {_ctx.DimName(pass.Dim)})";
        DeclareResults(reductions, call);
        foreach (var write in pass.Items.OfType<WriteItem>())
        {
            if (_layout.SharedAcrossLanes(write.Target) && write.Value is not null)
                _w.Line($"{RuntimeNames.RowLanes}.AddLaneSums({_layout.Span(write.Target.Name)}, {_ctx.DimName(pass.Dim)}, {write.Target.Name});");
            foreach (var (label, coefficient) in write.OneHotTerms)
            {
                _w.Comment("The one-hot term touches a single element: applied once, after the loop.");
                _w.Line(_layout.OneHotTerm(write.Target, label, _layout.Scalar(coefficient)));
            }
        }
    }

    // Eight rows across the lanes go element by element (RowLanes.Run); along a row, Scheduling has picked the unrolling.
    private string DriverMethod(PassStep pass)
        => _layout.Driver == RuntimeNames.RowPass && pass.OneVectorAtATime ? "RunOneVectorAtATime" : "Run";

    /// <summary>
    /// The type of a scalar an operator takes: eight lanes, so that the operator is the same whether the lanes hold one
    /// row's scalar (broadcast from a float) or eight rows' scalars.
    /// </summary>
    private const string ScalarParameter = RuntimeNames.CompilerServices + "VectorLanes ";

    private void Stream(string span)
    {
        if (!_streams.ContainsKey(span)) _streams[span] = _streams.Count;
    }

    private string LoadSpan(Node load) => _analysis.Stashed.TryGetValue(load, out var stash) ? stash.Name : _ctx.SourceOf(load);

    private void WriteStore(CodeWriter body, WriteItem w)
    {
        if (w.Value is null && w.Target.Accumulate) return;
        int stream = _streams[w.Target.Name];
        // Across the lanes a shared gradient's terms go to a scratch tile first: the lanes' sum is added after the pass.
        if (!w.Target.Accumulate || _layout.SharedAcrossLanes(w.Target))
        {
            body.Line($"streams.Store({stream}, i, {(w.Value is null ? _lanes + ".Create(0f)" : Value(w.Value).Text)});");
            return;
        }
        string current = $"streams.Load<{_lanes}>({stream}, i)";
        if (_analysis.IsInlineProduct(w.Value!))
        {
            var product = w.Value!;
            body.Line($"streams.Store({stream}, i, {_lanes}.MultiplyAdd({Value(product.A).Text}, {Value(product.B).Text}, {current}));");
            return;
        }
        body.Line($"streams.Store({stream}, i, {current} + {Value(w.Value!).At(Expr.Additive + 1)});");
    }

    /// <summary>
    /// The locals a pass's results are declared as, after the driver call: the call itself for one reduction (its
    /// value, or for the online max and sum both), or a local holding all of them, read one by one.
    /// </summary>
    private void DeclareResults(List<PassItem> reductions, string call)
    {
        if (reductions.Count == 0)
        {
            _w.Line(call + ";");
            return;
        }
        string source = call;
        if (reductions.Count > 1)
        {
            source = _ctx.Fresh("reductions");
            _w.Line($"var {source} = {call};");
        }
        for (int k = 0; k < reductions.Count; k++)
        {
            string path = reductions.Count == 1 ? "" : Path(k, reductions.Count);
            switch (reductions[k])
            {
                case ReduceItem r:
                    _ctx.Scalars[r.Reduction] = _ctx.Fresh(_ctx.StemFor(r.Reduction));
                    _w.Line($"{_layout.ResultType} {_ctx.Scalars[r.Reduction]} = {source}{path}.{_layout.ResultMember};");
                    break;
                case OnlineLogSumExpItem o:
                    _ctx.Scalars[o.Max] = _ctx.Fresh("max");
                    _ctx.Scalars[o.Sum] = _ctx.Fresh(_ctx.StemFor(o.Sum));
                    _w.Line($"var ({_ctx.Scalars[o.Max]}, {_ctx.Scalars[o.Sum]}) = {source}{path};");
                    break;
            }
        }
    }

    /// <summary>Where reduction <paramref name="k"/> of <paramref name="count"/> sits in the nested <c>Accumulators</c>: .First, .Second.First, ..., .Second.Second.</summary>
    private static string Path(int k, int count)
    {
        string path = string.Concat(Enumerable.Repeat(".Second", k));
        return k == count - 1 ? path : path + ".First";
    }

    private static string AccumulatorType(List<PassItem> reductions, int from, bool single = false)
    {
        if (reductions.Count == 0) return RuntimeNames.CompilerServices + "NoAccumulator";
        string one = reductions[from] switch
        {
            OnlineLogSumExpItem => RuntimeNames.CompilerServices + "RunningMaxSumAccumulator",
            ReduceItem { Reduction.Op: Op.Sum } => RuntimeNames.CompilerServices + "SumAccumulator",
            ReduceItem { Reduction.Op: Op.ReduceMax } => RuntimeNames.CompilerServices + "MaxAccumulator",
            _ => RuntimeNames.CompilerServices + "MinAccumulator",
        };
        if (single || from == reductions.Count - 1) return one;
        return $"{RuntimeNames.CompilerServices}Accumulators<{one}, {AccumulatorType(reductions, from + 1)}>";
    }

    private string ResultNameStem(PassItem reduction) => reduction switch
    {
        ReduceItem r => _ctx.StemFor(r.Reduction),
        OnlineLogSumExpItem o => "running" + Capitalize(_ctx.StemFor(o.Sum)),
        _ => "value",
    };

    private string OperatorStem(PassStep pass, List<PassItem> reductions)
    {
        string stem = reductions.Count > 0 ? Capitalize(ResultNameStem(reductions[0]))
            : pass.Items.OfType<WriteItem>().Select(w => Capitalize(w.Target.Name)).FirstOrDefault() ?? "Row";
        return stem + "Pass";
    }

    private string OperatorCode(List<string> parameters, string accumulatorType, string accumulator, CodeWriter body)
    {
        var w = new CodeWriter();
        string primary = parameters.Count == 0 ? "" : "(" + string.Join(", ", parameters) + ")";
        w.Open($"private readonly struct {RowOperators.NamePlaceholder}{primary} : {RuntimeNames.CompilerServices}IRowOperator<{accumulatorType}>");
        // Implemented explicitly: see IRowOperator in the runtime (a public method would get a bridge method).
        w.Line($"[{BclNames.MethodImpl}({BclNames.MethodImplOptions}.AggressiveInlining)]");
        w.Open($"void {RuntimeNames.CompilerServices}IRowOperator<{accumulatorType}>.Invoke<{_lanes}>(in {RuntimeNames.CompilerServices}RowStreams streams, nuint i, ref {accumulatorType} {accumulator})");
        w.Block(body.ToString());
        w.Close();
        w.Close();
        return w.ToString();
    }

    private Expr Value(Node n)
    {
        if (n.IsScalar)
            return Expr.Atomic(n.Op == Op.Const ? $"{_lanes}.Create({EmitContext.Literal(n.Value)})" : $"{_lanes}.Of({_scalar[n]})");
        if (_local.TryGetValue(n, out var name)) return Expr.Atomic(name);
        return Definition(n);
    }

    private Expr Definition(Node n)
    {
        if (n.Op == Op.OneHot) return Expr.Atomic($"{_lanes}.OneHot(i, {_label[n.A]})");
        return OpFormatter.Lanes(n.Op, n.Args.Select(Value).ToArray(), _lanes);
    }

    private string LoadStem(Node load)
    {
        if (_analysis.Stashed.ContainsKey(load)) return LocalStem(load);
        string span = _ctx.SourceOf(load);
        return span;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);

    private static string LocalStem(Node n) => n.Op switch
    {
        // exp, log, log1p, sigmoid, ...: a value computed once and kept is named after its function.
        _ when n.Op.IsTranscendental() => n.Op.ToString().ToLowerInvariant(),
        Op.Sub => "diff",
        Op.Add => "total",
        Op.Mul when ScalarDivisions.IsDivision(n, out _, out _) => "ratio",
        Op.Mul => "product",
        Op.Div => "ratio",
        Op.Neg => "negated",
        Op.Abs => "magnitude",
        Op.Sqrt => "root",
        Op.Square => "squared",
        Op.Min => "lower",
        Op.Max => "upper",
        Op.OneHot => "hot",
        _ => "value",
    };
}
