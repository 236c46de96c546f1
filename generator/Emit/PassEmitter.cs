using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Writes one pass over a dimension: a 4x unrolled <c>Vector256&lt;float&gt;</c> loop with independent
/// accumulators, a one-vector loop, the merge of the accumulators, and a scalar loop for the last elements
/// (or the whole row when Vector256 is not accelerated). Elementwise subexpressions are computed inline;
/// a node used twice, or an exp/log, gets a local so it is computed once per chunk.
/// </summary>
internal sealed class PassEmitter
{
    private const int Lanes = 8;
    private const int DefaultUnroll = 4;

    /// <summary>Vectors per loop iteration: 4 with independent accumulators, or 1 when the pass already has many accumulators.</summary>
    private int Unroll = DefaultUnroll;

    private readonly EmitContext _ctx;
    private readonly ScalarRenderer _scalars;
    private readonly CodeWriter _w;

    // Per pass.
    private readonly List<Node> _loads = new();
    private readonly List<Node> _locals = new();
    private readonly Dictionary<Node, string> _names = new();
    private readonly Dictionary<Node, int> _uses = new();
    private readonly List<Node> _hoistedOrder = new();
    private readonly Dictionary<Node, string> _hoisted = new();
    private readonly Dictionary<Node, string> _inverse = new();
    private readonly HashSet<Node> _broadcast = new();
    private string _grown = "grown";
    private IReadOnlyDictionary<Node, Target> _stashed = new Dictionary<Node, Target>();
    private readonly Dictionary<Node, string> _tailSums = new();

    private static Node? SumOf(PassItem item) => item switch
    {
        ReduceItem { Reduction.Op: Op.Sum } r => r.Reduction,
        OnlineLogSumExpItem o => o.Sum,
        _ => null,
    };

    public PassEmitter(EmitContext ctx, ScalarRenderer scalars, CodeWriter writer)
    {
        _ctx = ctx;
        _scalars = scalars;
        _w = writer;
    }

    public void Emit(PassStep pass, string heading, int unroll = DefaultUnroll)
    {
        Reset();
        _stashed = pass.Stashed;
        Unroll = unroll;
        string count = _ctx.DimName(pass.Dim);
        int constant = _ctx.DimSize(pass.Dim);
        _w.Comment(heading);

        foreach (var item in pass.Items)
        {
            switch (item)
            {
                case ReduceItem r:
                    _ctx.Scalars[r.Reduction] = _ctx.Fresh(_ctx.StemFor(r.Reduction));
                    _w.Line($"float {_ctx.Scalars[r.Reduction]} = {Identity(r.Reduction.Op)};");
                    break;
                case OnlineLogSumExpItem o:
                    _ctx.Scalars[o.Max] = _ctx.Fresh("max");
                    _ctx.Scalars[o.Sum] = _ctx.Fresh(_ctx.StemFor(o.Sum));
                    // float.MinValue, not -inf, as the starting max: exp(-inf - (-inf)) would be NaN for a row that starts with -inf.
                    _w.Line($"float {_ctx.Scalars[o.Max]} = float.MinValue, {_ctx.Scalars[o.Sum]} = 0f;");
                    break;
            }
        }

        _w.Open();
        _ctx.BeginScope();
        Analyze(pass);
        if (pass.Items.OfType<OnlineLogSumExpItem>().Any()) _grown = _ctx.Fresh("grown");
        foreach (var s in _hoistedOrder)
        {
            if (_ctx.Scalars.ContainsKey(s) || s.Op == Op.Const) continue;
            _w.Line($"float {_hoisted[s]} = {_scalars.Scalar(s).Text};");
        }
        foreach (var pair in _inverse) _w.Line($"float {pair.Value} = 1f / {ScalarText(pair.Key)};");

        _w.Line("int i = 0;");
        bool vectorPart = constant < 0 || constant >= Lanes;
        bool needsTail = constant < 0 || constant % Lanes != 0;
        if (vectorPart)
        {
            _w.Open($"if ({BclNames.Vector256}.IsHardwareAccelerated)");
            EmitVectorPart(pass, count, constant);
            _w.Close();
            if (!needsTail) _w.Open("else");
        }
        string tailComment = !vectorPart ? $"{constant} elements: too few for one vector."
            : needsTail ? $"The last {count} % 8 elements, or the whole row when {BclNames.Vector256} is not accelerated."
            : $"The whole row when {BclNames.Vector256} is not accelerated.";
        _w.Comment(tailComment);
        // Sums run in double here: when Vector256 is not accelerated this loop is the whole row, and one float
        // accumulator would lose the accuracy the vector path gets from its 32 partial sums.
        _tailSums.Clear();
        if (pass.Items.Any(item => SumOf(item) is not null))
            _w.Comment("Summed in double: without Vector256 this loop is the whole row.");
        foreach (var sumNode in pass.Items.Select(SumOf).Where(n => n is not null))
        {
            string name = _ctx.Scalars[sumNode!];
            _tailSums[sumNode!] = _ctx.Fresh(name + "Wide");
            _w.Line($"double {_tailSums[sumNode!]} = {name};");
        }
        _w.Open($"for (; i < {count}; i++)");
        EmitTailBody(pass);
        _w.Close();
        foreach (var pair in _tailSums) _w.Line($"{_ctx.Scalars[pair.Key]} = (float){pair.Value};");
        if (vectorPart && !needsTail) _w.Close();

        foreach (var write in pass.Items.OfType<WriteItem>())
        {
            foreach (var (label, coefficient) in write.OneHotTerms)
            {
                var c = _scalars.Scalar(coefficient);
                string text = c.Text.StartsWith("-", StringComparison.Ordinal) && c.Precedence >= Expr.Unary
                    ? $"{write.Target.ElementAt(_ctx.LabelText(label))} -= {c.Text.Substring(1)};"
                    : $"{write.Target.ElementAt(_ctx.LabelText(label))} += {c.Text};";
                _w.Comment("The one-hot term touches a single element: applied once, after the loop.");
                _w.Line(text);
            }
        }
        _ctx.EndScope();
        _w.Close();
    }

    private void Reset()
    {
        _loads.Clear();
        _locals.Clear();
        _names.Clear();
        _uses.Clear();
        _hoistedOrder.Clear();
        _hoisted.Clear();
        _inverse.Clear();
        _broadcast.Clear();
    }

    private void Analyze(PassStep pass)
    {
        var topo = new List<Node>();
        foreach (var item in pass.Items)
        {
            switch (item)
            {
                case ReduceItem r: Visit(r.Reduction.A, topo); break;
                case OnlineLogSumExpItem o:
                    Visit(o.Value, topo);
                    Visit(o.Value, topo); // compared with the max and exponentiated: used twice
                    break;
                case WriteItem w when w.Value is not null: Visit(w.Value, topo); break;
            }
        }
        foreach (var n in topo)
        {
            bool square = n.Op == Op.Square && n.A.IsVector && n.A.Op.IsElementwise();
            if (square) _uses[n.A] = 2;
        }
        foreach (var n in LongExpressions.Locals(topo, n => _uses[n] > 1 || n.Op.IsTranscendental()))
        {
            _locals.Add(n);
            _names[n] = _ctx.Fresh(LocalStem(n));
        }
        // A load's chunks are its span's name plus 0..3 (x0..x3), unless a parameter already has such a name (p1 next to p10).
        foreach (var load in _loads)
            _names[load] = _stashed.ContainsKey(load) || _ctx.ChunkNamesTaken(_ctx.SourceOf(load)) ? _ctx.Fresh(LocalStem(load)) : _ctx.SourceOf(load);
    }

    private void Visit(Node n, List<Node> topo)
    {
        n = StopGradient.Strip(n);
        if (n.IsScalar)
        {
            Hoist(n);
            _broadcast.Add(StopGradient.Strip(n));
            return;
        }
        if (n.Op is Op.Input or Op.Seed or Op.MatVec or Op.MatTVec or Op.MatRow || _stashed.ContainsKey(n))
        {
            if (!_loads.Contains(n)) _loads.Add(n);
            return;
        }
        if (_uses.TryGetValue(n, out int uses))
        {
            _uses[n] = uses + 1;
            return;
        }
        _uses[n] = 1;
        if (n.Op == Op.OneHot) return;
        if (n.Op == Op.Div && n.B.IsScalar)
        {
            Visit(n.A, topo);
            Hoist(n.B);
            if (!_inverse.ContainsKey(n.B)) _inverse[n.B] = _ctx.Fresh(ScalarStem(n.B) + "Inverse");
        }
        else
        {
            foreach (var a in n.Args) Visit(a, topo);
        }
        topo.Add(n);
    }

    private void Hoist(Node s)
    {
        s = StopGradient.Strip(s);
        if (_hoisted.ContainsKey(s)) return;
        _hoisted[s] = _ctx.Scalars.TryGetValue(s, out var name) ? name : s.Op == Op.Const ? EmitContext.Literal(s.Value) : _ctx.Fresh(_ctx.StemFor(s));
        _hoistedOrder.Add(s);
    }

    private string ScalarText(Node s) => _hoisted.TryGetValue(StopGradient.Strip(s), out var name) ? name : _scalars.Scalar(s).Text;

    private string ScalarStem(Node s) => s.Op == Op.Const ? "constant" : _hoisted[StopGradient.Strip(s)];

    private void EmitVectorPart(PassStep pass, string count, int constant)
    {
        foreach (var s in _hoistedOrder)
        {
            if (s.Op == Op.Const || !_broadcast.Contains(s)) continue;
            _w.Line($"{BclNames.Vector256}<float> {_hoisted[s]}Vec = {BclNames.Vector256}.Create({_hoisted[s]});");
        }
        foreach (var pair in _inverse) _w.Line($"{BclNames.Vector256}<float> {pair.Value}Vec = {BclNames.Vector256}.Create({pair.Value});");

        bool unrolledFully = constant >= 0 && constant <= Unroll * Lanes;
        int accumulators = unrolledFully ? constant / Lanes : Unroll;
        foreach (var item in pass.Items) DeclareAccumulators(item, accumulators);

        if (unrolledFully)
        {
            _w.Comment($"{constant} elements: {accumulators} vector{(accumulators == 1 ? "" : "s")}, fully unrolled.");
            for (int u = 0; u < accumulators; u++) EmitChunk(pass, u, u * Lanes + "", u);
            _w.Line($"i = {accumulators * Lanes};");
        }
        else if (Unroll == 1)
        {
            _w.Comment("One vector per iteration: the pass's many accumulators already keep the adds independent.");
            _w.Open($"for (; i <= {count} - {Lanes}; i += {Lanes})");
            EmitChunk(pass, 0, "i", 0);
            _w.Close();
        }
        else
        {
            _w.Comment("Four vectors per iteration, with independent accumulators so the adds do not wait on each other.");
            _w.Open($"for (; i <= {count} - {Unroll * Lanes}; i += {Unroll * Lanes})");
            for (int u = 0; u < Unroll; u++) EmitChunk(pass, u, u == 0 ? "i" : $"i + {u * Lanes}", u);
            _w.Close();
            _w.Open($"for (; i <= {count} - {Lanes}; i += {Lanes})");
            EmitChunk(pass, 0, "i", 0);
            _w.Close();
        }
        foreach (var item in pass.Items) MergeAccumulators(item, accumulators);
    }

    private void DeclareAccumulators(PassItem item, int count)
    {
        switch (item)
        {
            case ReduceItem r:
            {
                string init = r.Reduction.Op switch
                {
                    Op.Sum => $"{BclNames.Vector256}<float>.Zero",
                    Op.ReduceMax => $"{BclNames.Vector256}.Create(float.NegativeInfinity)",
                    _ => $"{BclNames.Vector256}.Create(float.PositiveInfinity)",
                };
                string name = _ctx.Scalars[r.Reduction];
                _w.Line($"{BclNames.Vector256}<float> " + string.Join(", ", Enumerable.Range(0, count).Select(u => $"{name}{u} = {init}")) + ";");
                break;
            }
            case OnlineLogSumExpItem o:
            {
                string max = _ctx.Scalars[o.Max], sum = _ctx.Scalars[o.Sum];
                _w.Line($"{BclNames.Vector256}<float> " + string.Join(", ", Enumerable.Range(0, count).Select(u => $"{max}{u} = {BclNames.Vector256}.Create(float.MinValue)")) + ";");
                _w.Line($"{BclNames.Vector256}<float> " + string.Join(", ", Enumerable.Range(0, count).Select(u => $"{sum}{u} = {BclNames.Vector256}<float>.Zero")) + ";");
                break;
            }
        }
    }

    private void MergeAccumulators(PassItem item, int count)
    {
        switch (item)
        {
            case ReduceItem r:
            {
                string name = _ctx.Scalars[r.Reduction];
                var parts = Enumerable.Range(0, count).Select(u => name + u).ToList();
                if (r.Reduction.Op == Op.Sum)
                {
                    _w.Line($"{name} = {BclNames.Vector256}.Sum({Tree(parts, (a, b) => $"({a} + {b})")});");
                }
                else
                {
                    bool max = r.Reduction.Op == Op.ReduceMax;
                    string lanewise = max ? _ctx.Vectors.Max : _ctx.Vectors.Min;
                    _w.Line($"{name} = {RuntimeNames.KernelMath}.Horizontal{(max ? "Max" : "Min")}({Tree(parts, (a, b) => $"{lanewise}({a}, {b})")});");
                }
                break;
            }
            case OnlineLogSumExpItem o:
            {
                string max = _ctx.Scalars[o.Max], sum = _ctx.Scalars[o.Sum];
                for (int u = 1; u < count; u++) _w.Line($"{RuntimeNames.KernelMath}.MergeRunningMaxSum(ref {max}0, ref {sum}0, {max}{u}, {sum}{u});");
                _w.Line($"({max}, {sum}) = {RuntimeNames.KernelMath}.ReduceRunningMaxSum({max}0, {sum}0);");
                break;
            }
        }
    }

    private static string Tree(List<string> parts, Func<string, string, string> combine)
    {
        while (parts.Count > 1)
        {
            var next = new List<string>();
            for (int k = 0; k + 1 < parts.Count; k += 2) next.Add(combine(parts[k], parts[k + 1]));
            if (parts.Count % 2 == 1) next.Add(parts[parts.Count - 1]);
            parts = next;
        }
        string single = parts[0];
        return single.StartsWith("(", StringComparison.Ordinal) && single.EndsWith(")", StringComparison.Ordinal) && !single.StartsWith("Vector", StringComparison.Ordinal)
            ? single.Substring(1, single.Length - 2)
            : single;
    }

    private void EmitChunk(PassStep pass, int u, string offset, int accumulator)
    {
        string at = offset == "i" ? "(nuint)i" : offset.StartsWith("i", StringComparison.Ordinal) ? $"(nuint)({offset})" : $"(nuint){offset}";
        foreach (var load in _loads.OrderBy(l => l.Id))
            _w.Line($"{BclNames.Vector256}<float> {_names[load]}{u} = {BclNames.Vector256}.LoadUnsafe(ref {(_stashed.TryGetValue(load, out var stash) ? stash.RefName : _ctx.RefOf(load))}, {at});");
        foreach (var local in _locals)
            _w.Line($"{BclNames.Vector256}<float> {_names[local]}{u} = {VectorDefinition(local, u, offset).Text};");

        foreach (var item in pass.Items)
        {
            switch (item)
            {
                case ReduceItem r:
                {
                    string acc = _ctx.Scalars[r.Reduction] + accumulator;
                    if (r.Reduction.Op == Op.Sum && ProductFactors(r.Reduction.A, u, offset) is { } factors)
                    {
                        _w.Line($"{acc} = {MultiplyAdd(factors, acc)};");
                        break;
                    }
                    var value = VectorRef(r.Reduction.A, u, offset).Text;
                    _w.Line(r.Reduction.Op switch
                    {
                        Op.Sum => $"{acc} += {value};",
                        Op.ReduceMax => $"{acc} = {_ctx.Vectors.Max}({acc}, {value});",
                        _ => $"{acc} = {_ctx.Vectors.Min}({acc}, {value});",
                    });
                    break;
                }
                case OnlineLogSumExpItem o:
                {
                    string max = _ctx.Scalars[o.Max] + accumulator, sum = _ctx.Scalars[o.Sum] + accumulator;
                    string value = VectorRef(o.Value, u, offset).At(Expr.Multiplicative);
                    _w.Open($"if ({BclNames.Vector256}.GreaterThanAny({value}, {max}))");
                    _w.Line($"{BclNames.Vector256}<float> {_grown} = {_ctx.Vectors.Max}({max}, {value});");
                    _w.Line($"{sum} *= {RuntimeNames.VectorMath}.Exp({max} - {_grown});");
                    _w.Line($"{max} = {_grown};");
                    _w.Close();
                    _w.Line($"{sum} += {RuntimeNames.VectorMath}.Exp({value} - {max});");
                    break;
                }
                case WriteItem w:
                {
                    if (w.Value is null && w.Target.Accumulate) break;
                    string target = w.Target.RefName;
                    if (w.Target.Accumulate && ProductFactors(w.Value!, u, offset) is { } factors)
                    {
                        _w.Line($"{BclNames.Vector256}.StoreUnsafe({MultiplyAdd(factors, $"{BclNames.Vector256}.LoadUnsafe(ref {target}, {at})")}, ref {target}, {at});");
                        break;
                    }
                    var valueExpr = w.Value is null ? Expr.Atomic($"{BclNames.Vector256}<float>.Zero") : VectorRef(w.Value, u, offset);
                    string value = valueExpr.Text;
                    _w.Line(w.Target.Accumulate
                        ? $"{BclNames.Vector256}.StoreUnsafe({BclNames.Vector256}.LoadUnsafe(ref {target}, {at}) + {value}, ref {target}, {at});"
                        : $"{BclNames.Vector256}.StoreUnsafe({value}, ref {target}, {at});");
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The two factors when an accumulated value is a product computed in place (not a local kept for other
    /// uses): the add then folds into the multiply.
    /// </summary>
    private (Expr A, Expr B)? ProductFactors(Node value, int u, string offset)
    {
        value = StopGradient.Strip(value);
        if (value.Op != Op.Mul || value.IsScalar || _names.ContainsKey(value)) return null;
        return (VectorRef(value.A, u, offset), VectorRef(value.B, u, offset));
    }

    /// <summary>
    /// <c>a * b + addend</c> as one fused multiply-add where the CPU has one (a multiply and an add where it
    /// does not): half the instructions of a dot product or an outer-product update, and one rounding instead of two.
    /// </summary>
    private string MultiplyAdd((Expr A, Expr B) factors, string addend)
        => $"{_ctx.Vectors.MultiplyAddEstimate}({factors.A.Text}, {factors.B.Text}, {addend})";

    private Expr VectorRef(Node n, int u, string offset)
    {
        n = StopGradient.Strip(n);
        if (n.IsScalar)
        {
            n = StopGradient.Strip(n);
            return Expr.Atomic(n.Op == Op.Const ? $"{BclNames.Vector256}.Create({EmitContext.Literal(n.Value)})" : _hoisted[n] + "Vec");
        }
        if (_names.TryGetValue(n, out var name)) return Expr.Atomic(name + u);
        return VectorDefinition(n, u, offset);
    }

    private Expr VectorDefinition(Node n, int u, string offset)
    {
        if (n.Op == Op.OneHot) return Expr.Atomic($"{RuntimeNames.KernelMath}.OneHot({offset}, {_ctx.LabelText(n.A)})");
        if (n.Op == Op.StopGrad) return VectorRef(n.A, u, offset);
        if (n.Op == Op.Div && n.B.IsScalar)
            return OpFormatter.Vector(Op.Mul, new[] { VectorRef(n.A, u, offset), Expr.Atomic(_inverse[n.B] + "Vec") }, _ctx.Vectors);
        return OpFormatter.Vector(n.Op, n.Args.Select(a => VectorRef(a, u, offset)).ToArray(), _ctx.Vectors);
    }

    private void EmitTailBody(PassStep pass)
    {
        // Read back before anything in this iteration writes over it.
        foreach (var load in _loads.Where(_stashed.ContainsKey).OrderBy(l => l.Id))
            _w.Line($"float {_names[load]} = {_stashed[load].ElementAt("i")};");
        foreach (var local in _locals) _w.Line($"float {_names[local]} = {ScalarDefinition(local).Text};");
        foreach (var item in pass.Items)
        {
            switch (item)
            {
                case ReduceItem r:
                {
                    string acc = _tailSums.TryGetValue(r.Reduction, out var wide) ? wide : _ctx.Scalars[r.Reduction];
                    string value = ScalarRef(r.Reduction.A).Text;
                    _w.Line(r.Reduction.Op switch
                    {
                        Op.Sum => $"{acc} += {value};",
                        Op.ReduceMax => $"{acc} = {BclNames.MathF}.Max({acc}, {value});",
                        _ => $"{acc} = {BclNames.MathF}.Min({acc}, {value});",
                    });
                    break;
                }
                case OnlineLogSumExpItem o:
                {
                    string max = _ctx.Scalars[o.Max], sum = _tailSums[o.Sum];
                    string value = ScalarRef(o.Value).At(Expr.Multiplicative);
                    _w.Open($"if ({value} > {max})");
                    _w.Line($"{sum} = {sum} * {RuntimeNames.VectorMath}.Exp({max} - {value}) + 1.0;");
                    _w.Line($"{max} = {value};");
                    _w.Close();
                    _w.Open("else");
                    _w.Line($"{sum} += {RuntimeNames.VectorMath}.Exp({value} - {max});");
                    _w.Close();
                    break;
                }
                case WriteItem w:
                {
                    if (w.Value is null && w.Target.Accumulate) break;
                    string value = w.Value is null ? "0f" : ScalarRef(w.Value).Text;
                    _w.Line($"{w.Target.ElementAt("i")} {(w.Target.Accumulate ? "+=" : "=")} {value};");
                    break;
                }
            }
        }
    }

    private Expr ScalarRef(Node n)
    {
        n = StopGradient.Strip(n);
        if (n.IsScalar)
        {
            n = StopGradient.Strip(n);
            return n.Op == Op.Const ? _scalars.Scalar(n) : Expr.Atomic(_hoisted[n]);
        }
        if (_locals.Contains(n) || _stashed.ContainsKey(n)) return Expr.Atomic(_names[n]);
        if (n.Op == Op.MatRow) return Expr.Atomic($"{BclNames.Unsafe}.Add(ref {_ctx.SourceOf(n)}, i)");
        if (_loads.Contains(n)) return Expr.Atomic(_ctx.SourceOf(n) + "[i]");
        return ScalarDefinition(n);
    }

    private Expr ScalarDefinition(Node n)
    {
        if (n.Op == Op.OneHot) return Expr.Atomic($"(i == {_ctx.LabelText(n.A)} ? 1f : 0f)");
        if (n.Op == Op.StopGrad) return ScalarRef(n.A);
        if (n.Op == Op.Div && n.B.IsScalar)
            return OpFormatter.Scalar(Op.Mul, new[] { ScalarRef(n.A), Expr.Atomic(_inverse[n.B]) });
        return OpFormatter.Scalar(n.Op, n.Args.Select(ScalarRef).ToArray());
    }

    private static string Identity(Op reduction) => reduction switch
    {
        Op.Sum => "0f",
        Op.ReduceMax => "float.NegativeInfinity",
        _ => "float.PositiveInfinity",
    };

    private static string LocalStem(Node n) => n.Op switch
    {
        // exp, log, log1p, sigmoid, ...: a value computed once and kept is named after its function.
        _ when n.Op.IsTranscendental() => n.Op.ToString().ToLowerInvariant(),
        Op.Sub => "diff",
        Op.Add => "total",
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
