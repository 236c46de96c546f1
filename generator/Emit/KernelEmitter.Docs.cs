using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

// The class documentation: the expression as written and as computed, the rewrites, the gradients, the ranges, the passes.
internal sealed partial class KernelEmitter
{
    private void WriteClassDocs()
    {
        var ctx = new EmitContext(_m.Kernel, _m.Dims.Names);
        var printer = new MathPrinter(ctx);
        string cref = $"{_spec.MethodName}({string.Join(", ", _spec.Parameters.Select(p => p.Kind switch { ParamKind.Vector => "global::KernelGen.Vec", ParamKind.Matrix => "global::KernelGen.Mat", ParamKind.Scalar => "float", _ => "int" }))})";
        _w.Line($"/// <summary>Generated kernels for <see cref=\"{cref}\"/>: forward, batched forward and fused forward+backward.</summary>");
        _w.Line("/// <remarks>");
        _w.Line($"/// <para>As written: <c>{Xml(_spec.ExpressionText)}</c></para>");
        string computed = printer.Print(_m.ForwardRoot);
        _w.Line($"/// <para>Computed as: <c>{Xml(computed)}</c>{(printer.Definitions.Count > 0 ? ", where " + Xml(string.Join("; ", printer.Definitions)) : "")}.</para>");
        if (_m.Rewrites.Count == 0)
        {
            _w.Line("/// <para>No rewrite was needed: the expression is evaluated as written.</para>");
        }
        else
        {
            _w.Line("/// <para>Rewrites applied:</para>");
            _w.Line("/// <list type=\"bullet\">");
            foreach (var (rule, count) in _m.Rewrites)
                _w.Line($"/// <item><description><b>{rule.Name}</b>{(count > 1 ? $" (x{count})" : "")}: {Xml(rule.Reason)}.</description></item>");
            _w.Line("/// </list>");
        }
        string? GradientText(int i)
        {
            var parts = new[] { _m.Gradients[i], _m.ElementGradients.ElementAtOrDefault(i) }.Where(g => g is not null).Select(g => printer.Print(g!)).ToList();
            return parts.Count == 0 ? null : string.Join(" + ", parts);
        }
        var gradients = GradientParams.Where(x => GradientText(x.Index) is not null).ToList();
        if (gradients.Count > 0)
        {
            _w.Line("/// <para>Gradients (reverse mode, simplified):</para>");
            _w.Line("/// <list type=\"bullet\">");
            foreach (var (p, i) in gradients)
                _w.Line($"/// <item><description><c>d{p.Name} = {Xml(GradientText(i)!)}</c></description></item>");
            _w.Line("/// </list>");
            if (printer.UsesStep)
                _w.Line("/// <para>H(v) is 1 for v &gt; 0, 1/2 at 0 and 0 below: at a tie, Max and Min give each operand half the gradient.</para>");
        }
        var ranges = RangeRemarks.Describe(_m, printer);
        if (ranges.Count > 0)
        {
            _w.Line("/// <para>Range analysis (every input any finite float):</para>");
            _w.Line("/// <list type=\"bullet\">");
            foreach (var line in ranges) _w.Line($"/// <item><description>{Xml(line)}.</description></item>");
            _w.Line("/// </list>");
        }
        string Passes(bool backward) => Plural(Variants(backward)[0].Plan.PassCount, "pass");
        // The streaming plans are the ones a longer row takes (a variant without an alternative is one of them).
        if (_m.Schedule.ChoosesAtRunTime)
            _w.Line($"/// <para>Passes over memory: {Passes(false)} forward, {Passes(true)} for forward+backward, for a row of up to {KernelSchedule.CacheResidentLength} elements (it stays in cache, so every exp is computed once and kept in an output span); {Plural(_m.Schedule.Streaming(false).PassCount, "pass")} forward, {Plural(_m.Schedule.Streaming(true).PassCount, "pass")} for forward+backward, for a longer row.</para>");
        else
            _w.Line($"/// <para>Passes over memory: {Passes(false)} forward, {Passes(true)} for forward+backward.</para>");
        if (HasBatchSchedule)
        {
            var batch = _m.Schedule.Streaming(backward: true);
            var before = batch.BatchProducts.Select(p => $"{ProductNames(p).W} * {ProductNames(p).X}");
            var after = batch.BatchOuters.Select(o => $"{o.Target} += Σ g {_spec.Parameters[o.X.Param].Name}ᵀ");
            string products = string.Join(" and ", before) + (batch.BatchOuters.Count > 0 ? " before the rows, " + string.Join(" and ", after) + " after them" : " before the rows");
            _w.Line($"/// <para>Matrix work is done once for all the rows of a batch, as matrix products: {Xml(products)}; the passes above are each row's own.</para>");
        }
        _w.Line("/// </remarks>");
    }
}
