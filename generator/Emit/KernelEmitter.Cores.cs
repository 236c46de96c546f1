using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

// The core methods: one per plan, its steps in order (scalars, passes, matrix loops).
internal sealed partial class KernelEmitter
{
    private void WriteCore(Plan plan, bool backward, string core, string purpose)
    {
        var ctx = new EmitContext(_m.Kernel, _m.Dims.Names);
        var parameters = new List<string>();
        foreach (var (p, _) in CoreParams(plan))
            parameters.Add(p.Kind switch { ParamKind.Vector or ParamKind.Matrix => $"{BclNames.ReadOnlySpan}<float> ", ParamKind.Scalar => "float ", _ => "int " } + p.Name);
        if (backward) parameters.Add(ReturnsVector ? $"{BclNames.ReadOnlySpan}<float> dResult" : "float gradScale");
        if (ReturnsVector) parameters.Add($"{BclNames.Span}<float> result");
        if (backward)
            foreach (var (p, _) in RowGradientParams(plan)) parameters.Add((p.Kind == ParamKind.Scalar ? "ref float d" : $"{BclNames.Span}<float> d") + p.Name);
        foreach (var product in plan.BatchProducts)
        {
            ctx.Buffers[product] = ctx.Fresh(BatchProductStem(plan, product) + "Product");
            parameters.Add($"{BclNames.ReadOnlySpan}<float> " + ctx.Buffers[product]);
        }
        foreach (var outer in plan.BatchOuters)
        {
            // The row's passes write the factor through its target's name, so the parameter must have exactly that name.
            if (ctx.Fresh(outer.Factor.Name) != outer.Factor.Name) throw new InvalidOperationException($"the batch buffer name {outer.Factor.Name} is taken");
            parameters.Add($"{BclNames.Span}<float> " + outer.Factor.Name);
        }
        if (plan.Buffers.Count > 0) parameters.Add($"{BclNames.Span}<float> scratch");
        parameters.AddRange(RuntimeDims().Select(d => "int " + d));

        string forWhat = purpose.Length > 0 ? ", " + purpose : "";
        string row = plan.IsBatched ? "One row of a batch" : "One row";
        _w.Line(backward
            ? $"/// <summary>{row}, forward and backward{forWhat}: {Plural(plan.PassCount, "pass")} over memory. Shared gradients are accumulated (+=); per-row ones are written.</summary>"
            : $"/// <summary>{row}, forward{forWhat}: {Plural(plan.PassCount, "pass")} over memory.</summary>");
        if (plan.IsBatched)
        {
            var given = plan.BatchProducts.Select(p => $"{ProductNames(p).W} * {ProductNames(p).X} comes from the batch's matrix product");
            var left = plan.BatchOuters.Select(o => $"{o.Target} += g {_spec.Parameters[o.X.Param].Name}ᵀ is left to the batch: this row writes its g into {o.Factor.Name}");
            _w.Line($"/// <remarks>{Xml(string.Join("; ", given.Concat(left)))}.</remarks>");
        }
        _w.Line(CoreAttributes);
        _w.Open($"private static {(ReturnsVector ? "void" : "float")} {core}({string.Join(", ", parameters)})");

        var spans = new List<string>();
        foreach (var (p, _) in CoreParams(plan).Where(x => x.P.Kind is ParamKind.Vector or ParamKind.Matrix)) spans.Add(p.Name);
        if (backward && ReturnsVector) spans.Add("dResult");
        if (ReturnsVector) spans.Add("result");
        if (backward) foreach (var (p, _) in RowGradientParams(plan).Where(x => x.P.Kind != ParamKind.Scalar)) spans.Add("d" + p.Name);
        spans.AddRange(plan.BatchProducts.Select(p => ctx.Buffers[p]));
        spans.AddRange(plan.BatchOuters.Select(o => o.Factor.Name));
        var offsets = new List<string>();
        foreach (var buffer in plan.Buffers)
        {
            string name = ctx.Fresh(ctx.ParamName(buffer.A.Param) + (buffer.Op == Op.MatVec ? "Product" : "TransposedProduct"));
            ctx.Buffers[buffer] = name;
            string length = _m.Dims.Names[_m.Kernel.Graph.Dims.Find(buffer.Dim0)];
            string start = offsets.Count == 0 ? "0" : string.Join(" + ", offsets);
            _w.Line($"{BclNames.Span}<float> {name} = scratch.Slice({start}, {length});");
            offsets.Add(length);
            spans.Add(name);
        }
        foreach (var pair in plan.DirectTargets) ctx.Buffers[pair.Key] = pair.Value;
        var scalars = new ScalarRenderer(ctx);
        var passes = new PassEmitter(ctx, PassLayout.Rows(ctx, scalars), _w, _operators, _lanes);
        Step? previous = null;
        foreach (var step in plan.Steps)
        {
            switch (step)
            {
                case ScalarStep s:
                {
                    if (previous is not ScalarStep) _w.Gap();
                    SpillLongOperands(s.Node, ctx, scalars);
                    string value = scalars.Scalar(s.Node).Text;
                    string name = ctx.Fresh(s.Node == plan.ReturnValue ? "value" : ctx.StemFor(s.Node));
                    _w.Line($"float {name} = {value};");
                    ctx.Scalars[s.Node] = name;
                    break;
                }
                case PassStep p:
                    _w.Gap();
                    passes.EmitScheduled(p, plan.PassCount, $"over {_m.Dims.Names[_m.Kernel.Graph.Dims.Find(p.Dim)]} elements");
                    break;
                case MatVecStep mv:
                    _w.Gap();
                    WriteMatVec(mv, plan, ctx, passes);
                    break;
                case MatrixGradientStep mg:
                    _w.Gap();
                    WriteMatrixGradient(mg, plan, ctx, passes);
                    break;
            }
            previous = step;
        }

        foreach (var (value, target) in plan.ScalarOutputs)
        {
            SpillLongOperands(value, ctx, scalars);
            _w.Line($"{target} += {scalars.Scalar(value).Text};");
        }
        if (plan.ReturnValue is not null)
        {
            SpillLongOperands(plan.ReturnValue, ctx, scalars);
            _w.Line($"return {scalars.Scalar(plan.ReturnValue).Text};");
        }
        _w.Close();
    }

    /// <summary>Declares the parts of a long scalar expression as locals first (<see cref="LongExpressions"/>).</summary>
    private void SpillLongOperands(Node node, EmitContext ctx, ScalarRenderer scalars)
        => LongExpressions.SplitOperands(node, ctx, _w, "float", scalars.Scalar);

    private void WriteMatVec(MatVecStep step, Plan plan, EmitContext ctx, PassEmitter passes)
    {
        var g = _m.Kernel.Graph;
        var w = step.MatVec.A;
        string wName = ctx.ParamName(w.Param);
        string rows = _m.Dims.Names[g.Dims.Find(w.Dim0)], columns = _m.Dims.Names[g.Dims.Find(w.Dim1)];
        var dot = step.Dot;
        var pass = step.RowPass;
        string x = new MathPrinter(ctx).Print(step.MatVec.B);
        _w.Comment($"Pass {step.PassNumber} of {plan.PassCount}: {wName} * {x}, one dot product per row of {wName}.");
        _w.Open($"for (int r = 0; r < {rows}; r++)");
        ctx.BeginScope();
        _w.Line($"{BclNames.ReadOnlySpan}<float> {wName}Row = {wName}.Slice(r * {columns}, {columns});");
        passes.Emit(pass, $"Row r of {wName} times the vector, over {columns} elements.", $"Row r of {wName} times {x}.");
        _w.Line($"{ctx.Buffers[step.MatVec]}[r] = {ctx.Scalars[dot]};");
        ctx.Scalars.Remove(dot);
        ctx.EndScope();
        _w.Close();
    }

    private void WriteMatrixGradient(MatrixGradientStep step, Plan plan, EmitContext ctx, PassEmitter passes)
    {
        var g = _m.Kernel.Graph;
        var w = step.Matrix;
        string wName = ctx.ParamName(w.Param);
        string rows = _m.Dims.Names[g.Dims.Find(w.Dim0)], columns = _m.Dims.Names[g.Dims.Find(w.Dim1)];
        var what = new List<string>();
        foreach (var t in step.Transposed)
        {
            _w.Line($"{ctx.Buffers[t]}.Clear();");
            what.Add($"{ctx.Buffers[t]} = {wName}ᵀ g");
        }
        foreach (var (_, _, target) in step.Outers) what.Add($"{target.Name} += g xᵀ");
        // The row pass writes wᵀ g into buffers the scheduler knows by node: here they get their names.
        var pass = new PassStep(step.RowPass.Dim) { PassNumber = step.PassNumber };
        foreach (var item in step.RowPass.Items)
            pass.Items.Add(item is WriteItem { Target.Buffer: { } buffer } write ? new WriteItem(write.Target with { Name = ctx.Buffers[buffer], Buffer = null }, write.Value, write.OneHotTerms) : item);
        _w.Comment($"Pass {step.PassNumber} of {plan.PassCount}: row by row over {wName}, {string.Join(" and ", what)}, so each row of {wName} is read once.");
        _w.Open($"for (int r = 0; r < {rows}; r++)");
        ctx.BeginScope();
        if (step.Transposed.Count > 0) _w.Line($"{BclNames.ReadOnlySpan}<float> {wName}Row = {wName}.Slice(r * {columns}, {columns});");
        foreach (var target in step.Outers.Select(o => o.Target.Name).Distinct())
            _w.Line($"{BclNames.Span}<float> {target}Row = {target}.Slice(r * {columns}, {columns});");
        passes.Emit(pass, $"Row r, over {columns} elements.", $"Row r of {wName}: {string.Join(" and ", what)}.");
        ctx.EndScope();
        _w.Close();
    }
}
