using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Writes the members of the trainer contract (<c>KernelGen.IKernel</c>, and <c>KernelGen.ILossKernel</c> for a
/// float-valued kernel): the signature a trainer binds data and parameters by, and the batch entry points over a
/// <c>KernelArguments</c> table, each one direct call to the span entry point above it.
/// </summary>
internal static class KernelContractEmitter
{
    private const string Kind = "global::KernelGen.KernelParameterKind.";

    public static void Emit(KernelModel model, CodeWriter w)
    {
        var spec = model.Kernel.Spec;
        var parameters = spec.Parameters.Select((p, i) => (P: p, Index: i)).ToList();

        w.Line("/// <summary>The kernel's name and parameters, for code that drives kernels it does not know by name (a trainer).</summary>");
        w.Line($"public static global::KernelGen.KernelSignature Signature {{ get; }} = new(\"{spec.FullTypeName}.{spec.MethodName}\", returnsVector: {Bool(spec.ReturnsVector)}{(parameters.Count == 0 ? ");" : ",")}");
        for (int i = 0; i < parameters.Count; i++)
            w.Line("    " + Parameter(model, parameters[i].P, parameters[i].Index) + (i == parameters.Count - 1 ? ");" : ","));
        w.Line();

        var inputs = parameters.Select(x => Argument(x.P, x.Index)).ToList();
        string output = spec.ReturnsVector ? "result" : "values";
        w.Line($"/// <summary>Runs <see cref=\"ForwardBatch\"/> on the arguments in <paramref name=\"arguments\"/>, by parameter position.</summary>");
        w.Line("/// <param name=\"rows\">Number of rows in the batch.</param>");
        w.Line("/// <param name=\"arguments\">The inputs, by parameter position.</param>");
        w.Line($"/// <param name=\"output\">Receives each row's {(spec.ReturnsVector ? "result, row after row" : "value")}.</param>");
        w.Line($"static void global::KernelGen.IKernel.ForwardBatch(int rows, global::KernelGen.KernelArguments arguments, {BclNames.Span}<float> output)");
        w.Line($"    => ForwardBatch({string.Join(", ", new[] { "rows" }.Concat(inputs).Concat(new[] { "output" }))});");
        if (spec.ReturnsVector) return;

        var gradients = parameters.Where(x => x.P.HasGradient)
            .Select(x => x.P.Kind == ParamKind.Scalar ? $"out arguments.ScalarGradient({x.Index})" : $"arguments.Gradient({x.Index})");
        w.Line();
        w.Line("/// <summary>Runs <see cref=\"ForwardBackwardBatch\"/> on the arguments and gradient buffers in <paramref name=\"arguments\"/>, by parameter position.</summary>");
        w.Line("/// <param name=\"rows\">Number of rows in the batch.</param>");
        w.Line("/// <param name=\"arguments\">The inputs, and the buffers that receive the gradients, by parameter position.</param>");
        w.Line("/// <param name=\"gradScale\">Each row's value enters the gradients with this weight: 1f / rows for a mean loss.</param>");
        w.Line($"/// <param name=\"{output}\">Receives each row's value.</param>");
        w.Line($"static void global::KernelGen.ILossKernel.ForwardBackwardBatch(int rows, global::KernelGen.KernelArguments arguments, float gradScale, {BclNames.Span}<float> {output})");
        w.Line($"    => ForwardBackwardBatch({string.Join(", ", new[] { "rows" }.Concat(inputs).Concat(new[] { "gradScale", output }).Concat(gradients))});");
    }

    private static string Argument(ParamSpec p, int index) => p.Kind switch
    {
        ParamKind.Scalar => $"arguments.Scalar({index})",
        ParamKind.Label => $"arguments.Labels({index})",
        _ => $"arguments.Floats({index})",
    };

    private static string Parameter(KernelModel model, ParamSpec p, int index)
    {
        var dims = model.Kernel.Graph.Dims;
        int Size(int dim) => dim < 0 ? -1 : dims.SizeOf(dim);
        int rows = p.Kind is ParamKind.Vector or ParamKind.Matrix ? Size(model.Kernel.RowDims[index]) : -1;
        int columns = p.Kind == ParamKind.Matrix ? Size(model.Kernel.ColumnDims[index]) : -1;
        bool perRow = p.Kind == ParamKind.Label || p.Kind == ParamKind.Vector && !p.Shared;
        var text = new List<string>
        {
            $"\"{p.Name}\"",
            Kind + p.Kind switch { ParamKind.Vector => "Vector", ParamKind.Matrix => "Matrix", ParamKind.Scalar => "Scalar", _ => "Label" },
            $"IsPerRow: {Bool(perRow)}",
            $"HasGradient: {Bool(p.HasGradient)}",
        };
        if (rows >= 0) text.Add($"Rows: {rows}");
        if (columns >= 0) text.Add($"Columns: {columns}");
        return $"new global::KernelGen.KernelParameter({string.Join(", ", text)})";
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
