using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

// The public entry points: single-row ones as batches of one, batch ones with their argument checks and row loops.
internal sealed partial class KernelEmitter
{
    private void WriteForward(bool batch)
    {
        string name = batch ? "ForwardBatch" : "Forward";
        var parameters = new List<(string Type, string Name, string Doc)>();
        if (batch) parameters.Add(("int", "rows", "Number of rows in the batch."));
        parameters.AddRange(InputParameters(batch));
        if (ReturnsVector) parameters.Add(($"{BclNames.Span}<float>", "result", batch ? "Receives each row's result, row after row." : "Receives the result."));
        else if (batch) parameters.Add(($"{BclNames.Span}<float>", "values", "Receives each row's value."));

        WriteEntryPoint(batch
            ? "Evaluates the kernel for each row of a batch (row-major inputs, one row after another)."
            : "Evaluates the kernel for one row.", name, parameters, batch, backward: false);
    }

    /// <summary>
    /// A public entry point: its docs (<paramref name="summary"/>, the parameters, the value a single row returns) and
    /// its body: a single row as a batch of one; a batch's checks and row loop, fully optimized.
    /// </summary>
    private void WriteEntryPoint(string summary, string name, List<(string Type, string Name, string Doc)> parameters, bool batch, bool backward)
    {
        _w.Line($"/// <summary>{summary}</summary>");
        WriteParamDocs(parameters);
        if (!ReturnsVector && !batch) _w.Line("/// <returns>The kernel's value.</returns>");
        string returnType = ReturnsVector || batch ? "void" : "float";
        string signature = $"public static {returnType} {name}({string.Join(", ", parameters.Select(p => p.Type + " " + p.Name))})";

        if (!batch)
        {
            WriteOneRowAsBatch(signature, backward);
            return;
        }
        _w.Line(FullyOptimized);
        _w.Open(signature);
        WriteChecks(backward);
        WriteCall(backward);
        _w.Close();
    }

    /// <summary>
    /// A single-row entry point: the batch entry point with one row, so that a row gives the same result, bit for
    /// bit, alone and in a batch, and the kernel has one code path to read and test.
    /// </summary>
    private void WriteOneRowAsBatch(string signature, bool backward)
    {
        var arguments = new List<string> { "1" };
        foreach (var (p, _) in Params)
            arguments.Add(p.Kind == ParamKind.Label ? $"new {BclNames.ReadOnlySpan}<int>(in {p.Name})" : p.Name);
        string value = new NameScope(_spec.Parameters.Select(p => p.Name)).Fresh("value");
        if (backward) arguments.Add(ReturnsVector ? "dResult" : "1f");
        arguments.Add(ReturnsVector ? "result" : $"new {BclNames.Span}<float>(ref {value})");
        if (backward)
            foreach (var (p, _) in GradientParams) arguments.Add(p.Kind == ParamKind.Scalar ? "out d" + p.Name : "d" + p.Name);
        // Qualified in full: a parameter may be named ForwardBatch, or like any type on the way.
        string self = "global::" + string.Join(".", new[] { _spec.Namespace }.Where(n => n is not null).Concat(_spec.ContainingTypes.Select(t => t.Name)).Append(_spec.KernelClassName));
        string call = $"{self}.{(backward ? "ForwardBackwardBatch" : "ForwardBatch")}({string.Join(", ", arguments)})";
        if (ReturnsVector)
        {
            _w.Line(signature);
            _w.Line($"    => {call};");
            return;
        }
        _w.Open(signature);
        _w.Line($"float {value} = 0f;");
        _w.Line(call + ";");
        _w.Line($"return {value};");
        _w.Close();
    }

    private void WriteForwardBackward(bool batch)
    {
        string name = batch ? "ForwardBackwardBatch" : "ForwardBackward";
        var parameters = new List<(string Type, string Name, string Doc)>();
        if (batch) parameters.Add(("int", "rows", "Number of rows in the batch."));
        parameters.AddRange(InputParameters(batch));
        if (ReturnsVector) parameters.Add(($"{BclNames.ReadOnlySpan}<float>", "dResult", "The gradient of the loss with respect to the result (the upstream gradient)" + (batch ? ", row after row." : ".")));
        else if (batch) parameters.Add(("float", "gradScale", "Each row's value enters the gradients with this weight: 1f / rows for a mean loss, 1f for a sum."));
        if (ReturnsVector) parameters.Add(($"{BclNames.Span}<float>", "result", batch ? "Receives each row's result." : "Receives the result."));
        else if (batch) parameters.Add(($"{BclNames.Span}<float>", "values", "Receives each row's value."));
        foreach (var (p, _) in GradientParams)
        {
            bool perRow = batch && !p.Shared;
            string doc = p.Kind == ParamKind.Scalar
                ? $"Receives the gradient with respect to <paramref name=\"{p.Name}\"/>{(batch ? ", summed over the rows" : "")}."
                : $"Receives the gradient with respect to <paramref name=\"{p.Name}\"/>{(perRow ? ", row after row" : batch ? ", summed over the rows" : "")}.";
            parameters.Add((p.Kind == ParamKind.Scalar ? "out float" : $"{BclNames.Span}<float>", "d" + p.Name, doc));
        }

        WriteEntryPoint(batch
            ? "Evaluates the kernel for each row of a batch and, in the same passes, the gradient of every float input not marked [NoGradient]."
            : "Evaluates the kernel for one row and, in the same passes, the gradient of every float input not marked [NoGradient].", name, parameters, batch, backward: true);
    }

    private IEnumerable<(string Type, string Name, string Doc)> InputParameters(bool batch)
    {
        foreach (var (p, _) in Params)
        {
            bool perRow = batch && !p.Shared;
            yield return p.Kind switch
            {
                ParamKind.Vector => ($"{BclNames.ReadOnlySpan}<float>", p.Name, perRow ? $"The rows of <c>{p.Name}</c>, one after another." : $"The vector <c>{p.Name}</c>{(batch ? ", shared by every row" : "")}."),
                ParamKind.Matrix => ($"{BclNames.ReadOnlySpan}<float>", p.Name, $"The matrix <c>{p.Name}</c>, row-major{(batch ? ", shared by every row" : "")}."),
                ParamKind.Scalar => ("float", p.Name, $"The scalar <c>{p.Name}</c>{(batch ? ", shared by every row" : "")}."),
                _ => batch ? ($"{BclNames.ReadOnlySpan}<int>", p.Name, $"Each row's label <c>{p.Name}</c>.") : ("int", p.Name, $"The label <c>{p.Name}</c>."),
            };
        }
    }

    private void WriteParamDocs(List<(string Type, string Name, string Doc)> parameters)
    {
        foreach (var p in parameters) _w.Line($"/// <param name=\"{p.Name}\">{p.Doc}</param>");
    }

    /// <summary>The batch entry points' argument checks: one <c>ArgumentChecks</c> call each, which throws with the message.</summary>
    private void WriteChecks(bool backward)
    {
        const string checks = RuntimeNames.CompilerServices + "ArgumentChecks";
        var graphDims = _m.Kernel.Graph.Dims;
        _w.Line($"{checks}.Rows(rows);");
        foreach (var source in _m.Dims.Order)
        {
            if (source.Constant >= 0) continue; // a class constant
            var p = _spec.Parameters[source.Param];
            if (p.Kind == ParamKind.Vector && !p.Shared)
            {
                _w.Line($"int {source.Name} = {checks}.RowLength({p.Name}, rows, nameof({p.Name}));");
            }
            else if (p.Kind == ParamKind.Vector || source.Whole)
            {
                _w.Line($"int {source.Name} = {checks}.Length({p.Name}, nameof({p.Name}));");
            }
            else
            {
                int other = graphDims.Find(source.FromRows ? _m.Kernel.ColumnDims[source.Param] : _m.Kernel.RowDims[source.Param]);
                _w.Line($"int {source.Name} = {checks}.OtherSide({p.Name}, {_m.Dims.Names[other]}, \"{(source.FromRows ? "rows" : "columns")}\", nameof({p.Name}));");
            }
        }

        foreach (var (p, i) in Params)
        {
            if (p.Kind is ParamKind.Vector or ParamKind.Matrix && !IsSourceOnly(i))
            {
                string rowLength = _m.Dims.Names[graphDims.Find(_m.Kernel.RowDims[i])];
                _w.Line(p.Kind == ParamKind.Vector && !p.Shared
                    ? $"{checks}.RowsLength({p.Name}, rows, {rowLength}, \"{rowLength}\", nameof({p.Name}));"
                    : $"{checks}.Length({p.Name}, {ExpectedLength(p, i)}, \"{Describe(p, i)}\", nameof({p.Name}));");
            }
            if (p.Kind == ParamKind.Label) _w.Line($"{checks}.Labels({p.Name}, rows, nameof({p.Name}));");
        }

        if (ReturnsVector)
        {
            if (backward) _w.Line($"{checks}.Upstream(dResult, rows * {ResultDim});");
            _w.Line($"{checks}.Result(result, rows * {ResultDim});");
        }
        else
        {
            _w.Line($"{checks}.Values(values, rows);");
        }
        if (backward)
        {
            foreach (var (p, _) in GradientParams.Where(x => x.P.Kind != ParamKind.Scalar))
                _w.Line($"{checks}.Gradient(d{p.Name}, {p.Name}, nameof(d{p.Name}), nameof({p.Name}));");
        }

        foreach (var pair in _m.ConstantIndices)
        {
            var source = _m.Dims.Order.First(o => o.Dim == graphDims.Find(pair.Key));
            if (source.Constant >= 0) continue; // checked at compile time
            _w.Line($"{checks}.HasElement({source.Name}, {pair.Value}, nameof({_spec.Parameters[source.Param].Name}));");
        }

        foreach (var pair in _m.LabelDims)
        {
            var label = _spec.Parameters[pair.Key];
            foreach (int dim in pair.Value.Select(graphDims.Find).Distinct())
                _w.Line($"{checks}.LabelsInRange({label.Name}, {_m.Dims.Names[graphDims.Find(dim)]}, nameof({label.Name}));");
        }
    }

    /// <summary>True when the parameter's length was only used to define its own sizes, so checking it again says nothing.</summary>
    private bool IsSourceOnly(int param)
        => _m.Dims.Order.Count(s => s.Param == param && s.Constant < 0) == 1;

    /// <summary>The length a shared vector or a matrix must have, as a C# expression of the sizes.</summary>
    private string ExpectedLength(ParamSpec p, int index)
    {
        var dims = _m.Kernel.Graph.Dims;
        string rows = _m.Dims.Names[dims.Find(_m.Kernel.RowDims[index])];
        return p.Kind == ParamKind.Matrix ? $"{rows} * {_m.Dims.Names[dims.Find(_m.Kernel.ColumnDims[index])]}" : rows;
    }

    /// <summary>What needs that length, for the message: a size's name, or "a wRows x xLength matrix".</summary>
    private string Describe(ParamSpec p, int index)
    {
        var dims = _m.Kernel.Graph.Dims;
        string rows = _m.Dims.Names[dims.Find(_m.Kernel.RowDims[index])];
        return p.Kind == ParamKind.Matrix ? $"a {rows} x {_m.Dims.Names[dims.Find(_m.Kernel.ColumnDims[index])]} matrix" : rows;
    }

    /// <summary>A batch entry point's body after the checks: buffers, the batch's matrix products, and each row's core call.</summary>
    private void WriteCall(bool backward)
    {
        var variants = Variants(backward);
        // The plan a longer row takes; every variant needs the same buffers.
        var plan = variants[variants.Count - 1].Plan;
        if (backward)
        {
            foreach (var (p, _) in GradientParams)
            {
                if (p.Kind == ParamKind.Scalar) _w.Line($"d{p.Name} = 0f;");
                else if (p.Shared) _w.Line($"d{p.Name}.Clear();");
            }
        }

        var batchBuffers = BatchBuffers(plan);
        string rowScratch = ScratchLength(plan);
        string scratch = string.Join(" + ", batchBuffers.Select(b => "rows * " + b.RowLength).Concat(rowScratch.Length > 0 ? new[] { rowScratch } : Array.Empty<string>()));
        if (scratch.Length > 0)
        {
            _w.Line($"int scratchLength = {scratch};");
            _w.Comment("Scratch for intermediate vectors: on the stack when small, else rented (no allocation per call).");
            _w.Line($"using var scratchBuffer = new {RuntimeNames.ScratchBuffer}(scratchLength, scratchLength <= {RuntimeNames.ScratchBuffer}.StackLength ? stackalloc float[scratchLength] : default);");
            _w.Line($"{BclNames.Span}<float> scratch = scratchBuffer.Span;");
        }

        string rowScratchName = "scratch";
        if (batchBuffers.Count > 0)
        {
            var offsets = new List<string>();
            foreach (var buffer in batchBuffers)
            {
                _w.Line($"{BclNames.Span}<float> {buffer.Name} = scratch.Slice({(offsets.Count == 0 ? "0" : string.Join(" + ", offsets))}, rows * {buffer.RowLength});");
                offsets.Add("rows * " + buffer.RowLength);
            }
            if (rowScratch.Length > 0)
            {
                rowScratchName = "rowScratch";
                _w.Line($"{BclNames.Span}<float> rowScratch = scratch.Slice({string.Join(" + ", offsets)});");
            }
            foreach (var buffer in batchBuffers.Where(b => b.Product is not null))
            {
                var (w, x, wRows, columns) = ProductNames(buffer.Product!);
                _w.Comment($"{w} * {x} for every row at once, as one matrix product: each chunk of {w} is loaded once for several rows, not once per row.");
                _w.Line($"{RuntimeNames.MatrixProducts}.MultiplyTransposed({x}, {w}, {buffer.Name}, rows, {columns}, {wRows});");
            }
        }

        var args = new List<string>();
        foreach (var (p, i) in CoreParams(plan))
        {
            args.Add(p.Shared ? p.Name : Row(p.Name, p.Kind == ParamKind.Label, i));
        }
        if (backward) args.Add(ReturnsVector ? RowSlice("dResult", ResultDim) : "gradScale");
        if (ReturnsVector) args.Add(RowSlice("result", ResultDim));
        if (backward)
        {
            foreach (var (p, i) in RowGradientParams(plan))
            {
                args.Add(p.Kind == ParamKind.Scalar ? "ref d" + p.Name : p.Shared ? "d" + p.Name : Row("d" + p.Name, false, i));
            }
        }
        foreach (var buffer in batchBuffers) args.Add(RowSlice(buffer.Name, buffer.RowLength));
        if (rowScratch.Length > 0) args.Add(rowScratchName);
        args.AddRange(RuntimeDims());

        string Call(string core) => $"{core}({string.Join(", ", args)})";
        string firstRow = "0";
        if (_m.Schedule.Lanes(backward) is { } lanes)
        {
            firstRow = EntryPointLocal("rowsDone");
            string n = _m.Dims.Names[lanes.Dim];
            _w.Line($"int {firstRow} = 0;");
            _w.Comment("Short rows would leave most of a vector empty and end every reduction in a horizontal sum: eight rows go across the lanes instead.");
            _w.Open(_m.Kernel.Graph.Dims.SizeOf(lanes.Dim) < 0 ? $"if ({BclNames.Vector256}.IsHardwareAccelerated && {n} <= LaneRowLength)" : $"if ({BclNames.Vector256}.IsHardwareAccelerated)");
            string lanesHeader = $"for (; {firstRow} <= rows - {RuntimeNames.RowLanes}.Count; {firstRow} += {RuntimeNames.RowLanes}.Count)";
            string EightRows(string span, string rowLength) => $"{span}.Slice({firstRow} * {rowLength}, {RuntimeNames.RowLanes}.Count * {rowLength})";
            string RowLength(int param) => _m.Dims.Names[_m.Kernel.Graph.Dims.Find(_m.Kernel.RowDims[param])];
            var laneArgs = new List<string>();
            foreach (var (p, i) in CoreParams(lanes.Plan))
            {
                laneArgs.Add(p.Kind switch
                {
                    ParamKind.Vector when !p.Shared => EightRows(p.Name, RowLength(i)),
                    ParamKind.Label => $"{p.Name}.Slice({firstRow}, {RuntimeNames.RowLanes}.Count)",
                    _ => p.Name,
                });
            }
            if (backward) laneArgs.Add(ReturnsVector ? EightRows("dResult", ResultDim) : "gradScale");
            laneArgs.Add(ReturnsVector ? EightRows("result", ResultDim) : $"values.Slice({firstRow}, {RuntimeNames.RowLanes}.Count)");
            if (backward)
            {
                foreach (var (p, i) in RowGradientParams(lanes.Plan))
                    laneArgs.Add(p.Kind == ParamKind.Scalar ? "ref d" + p.Name : p.Shared ? "d" + p.Name : EightRows("d" + p.Name, RowLength(i)));
            }
            foreach (var buffer in BatchBuffers(lanes.Plan)) laneArgs.Add(EightRows(buffer.Name, buffer.RowLength));
            laneArgs.AddRange(RuntimeDims());
            _w.Nested(lanesHeader, $"{LaneCore(backward)}({string.Join(", ", laneArgs)});");
            _w.Close();
        }
        string RowCall(string core) => ReturnsVector ? Call(core) + ";" : $"values[r] = {Call(core)};";

        if (variants.Count == 1)
        {
            _w.Nested($"for (int r = {firstRow}; r < rows; r++)", RowCall(variants[0].Core));
        }
        else
        {
            var conditions = new List<string>();
            int cacheDim = _m.Schedule.CacheDim(backward);
            if (_m.Kernel.Graph.Dims.SizeOf(cacheDim) < 0) conditions.Add($"{_m.Dims.Names[cacheDim]} <= CacheResidentLength");
            var hazards = variants[0].Plan.StashHazards;
            if (hazards.Count > 0)
            {
                _w.Comment("The cache-resident schedule keeps exps in an output span; in place, that would overwrite an input still to be read.");
                conditions.AddRange(hazards.Select(h => $"!{BclNames.MemoryExtensions}.Overlaps({h.Stash.Name}, {InputSpanName(h.Input)})"));
            }
            string inCache = EntryPointLocal("inCache");
            _w.Line($"bool {inCache} = {string.Join(" && ", conditions)};");
            _w.Open($"for (int r = {firstRow}; r < rows; r++)");
            _w.Line($"if ({inCache}) {RowCall(variants[0].Core)}");
            _w.Line($"else {RowCall(variants[1].Core)}");
            _w.Close();
        }

        foreach (var buffer in batchBuffers.Where(b => b.Outer is not null))
        {
            var outer = buffer.Outer!;
            var (_, _, wRows, columns) = ProductNames(outer.Matrix);
            string x = _spec.Parameters[outer.X.Param].Name;
            _w.Comment($"{outer.Target} += g {x}ᵀ of every row, as one matrix product: each chunk of {outer.Target} is loaded and stored once per batch, not once per row.");
            _w.Line($"{RuntimeNames.MatrixProducts}.AddTransposedProduct({buffer.Name}, {x}, {outer.Target}, rows, {wRows}, {columns});");
        }
    }

    /// <summary>
    /// The batch schedule's whole-batch buffers, in the order the cores take their rows: each matrix product's
    /// rows (<c>wProducts</c>), then each outer product's factors (<c>dwFactors</c>); a row of each holds
    /// <c>RowLength</c> floats.
    /// </summary>
    private List<(string Name, string RowLength, Node? Product, BatchOuter? Outer)> BatchBuffers(Plan plan)
        => plan.BatchProducts.Select(p => (BatchProductStem(plan, p) + "Products", ProductNames(p).Rows, (Node?)p, (BatchOuter?)null))
            .Concat(plan.BatchOuters.Select(o => (o.Factor.Name + "s", ProductNames(o.Matrix).Rows, (Node?)null, (BatchOuter?)o)))
            .ToList();

    /// <summary>w's name, numbered from the second product of the same matrix on (w * x, then wB * z).</summary>
    private string BatchProductStem(Plan plan, Node product)
    {
        var w = product.A;
        int earlier = plan.BatchProducts.TakeWhile(p => p != product).Count(p => p.A == w);
        return _spec.Parameters[w.Param].Name + (earlier == 0 ? "" : ((char)('A' + earlier)).ToString());
    }

    /// <summary>For <c>w * x</c> (or a matrix w alone): w's and x's names, and the names of w's row and column counts.</summary>
    private (string W, string X, string Rows, string Columns) ProductNames(Node node)
    {
        var g = _m.Kernel.Graph;
        var w = node.Op == Op.MatVec ? node.A : node;
        string x = node.Op == Op.MatVec ? _spec.Parameters[StopGradient.Strip(node.B).Param].Name : "";
        return (_spec.Parameters[w.Param].Name, x, _m.Dims.Names[g.Dims.Find(w.Dim0)], _m.Dims.Names[g.Dims.Find(w.Dim1)]);
    }

    /// <summary>
    /// <paramref name="stem"/>, or the first of stemB, stemC, ... that no parameter, name derived from one (dx, xLength)
    /// or reserved name takes: a local of a batch entry point.
    /// </summary>
    private string EntryPointLocal(string stem)
    {
        var taken = Params.SelectMany(x => new[] { x.P.Name, "d" + x.P.Name, x.P.Name + "Length" }).Concat(ReservedNames.All);
        return new NameScope(taken).Fresh(stem);
    }

    private string InputSpanName(Node input) => input.Op == Op.Seed ? "dResult" : _spec.Parameters[input.Param].Name;

    private string Row(string name, bool label, int param)
        => label ? name + "[r]" : RowSlice(name, _m.Dims.Names[_m.Kernel.Graph.Dims.Find(_m.Kernel.RowDims[param])]);

    private static string RowSlice(string name, string length) => $"{name}.Slice(r * {length}, {length})";

    private string ScratchLength(Plan plan)
        => string.Join(" + ", plan.Buffers.Select(b => _m.Dims.Names[_m.Kernel.Graph.Dims.Find(b.Dim0)]));

    private IEnumerable<string> RuntimeDims() => _m.Dims.Order.Where(s => s.Constant < 0).Select(s => s.Name);
}
