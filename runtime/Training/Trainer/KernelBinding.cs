using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Data;

namespace KernelGen.Training;

/// <summary>
/// How a kernel's parameters are fed: its per-row parameters from a data set (the first per-row <c>Vec</c> gets the
/// features; an <c>int</c> gets the label; a second per-row <c>Vec</c> gets the regression targets), its shared ones
/// from a <see cref="ParameterSet"/>, by name.
/// </summary>
internal sealed class KernelBinding
{
    public KernelBinding(KernelSignature signature, ParameterSet parameters, bool training)
    {
        Signature = signature;
        Parameters = parameters;
        var perRow = signature.Parameters.Select((p, i) => (P: p, Index: i)).Where(x => x.P.IsPerRow).ToList();
        var vectors = perRow.Where(x => x.P.Kind == KernelParameterKind.Vector).ToList();
        var labels = perRow.Where(x => x.P.Kind == KernelParameterKind.Label).ToList();
        string Names(IEnumerable<(KernelParameter P, int Index)> list) => string.Join(", ", list.Select(x => "'" + x.P.Name + "'"));

        if (vectors.Count == 0)
            throw new ArgumentException($"Kernel {signature.Name} has no per-row Vec for the features: a model takes them as a [NoGradient] Vec parameter.");
        if (vectors.Count > 2 || labels.Count > 1 || vectors.Count == 2 && labels.Count == 1)
            throw new ArgumentException($"Kernel {signature.Name} has per-row parameters {Names(perRow)}; a model takes the features (a Vec), then either a label (an int) or the targets (a second Vec). Mark other vectors [Shared].");
        foreach (var (p, _) in vectors.Where(x => x.P.HasGradient && training))
            throw new ArgumentException($"Kernel {signature.Name}: '{p.Name}' is per-row data but gets a gradient, which training would compute and throw away; mark it [NoGradient].");

        FeatureIndex = vectors[0].Index;
        TargetIndex = vectors.Count == 2 ? vectors[1].Index : -1;
        LabelIndex = labels.Count == 1 ? labels[0].Index : -1;

        var shared = new List<(int Index, Parameter Value)>();
        foreach (var (p, index) in signature.Parameters.Select((p, i) => (p, i)).Where(x => !x.p.IsPerRow))
        {
            var value = parameters.Find(p.Name)
                ?? throw new ArgumentException($"Kernel {signature.Name} takes '{p.Name}', which the parameters of {parameters.Kernel} do not have; they are {string.Join(", ", parameters.Select(x => x.Name))}.");
            if (value.Kind != p.Kind)
                throw new ArgumentException($"Kernel {signature.Name} takes '{p.Name}' as a {Describe(p.Kind)}, but in the parameters of {parameters.Kernel} it is a {Describe(value.Kind)}.");
            shared.Add((index, value));
        }
        Shared = shared.ToArray();
    }

    public KernelSignature Signature { get; }
    public ParameterSet Parameters { get; }
    /// <summary>The per-row Vec that takes the features.</summary>
    public int FeatureIndex { get; }
    /// <summary>The int that takes the label, or -1.</summary>
    public int LabelIndex { get; }
    /// <summary>The per-row Vec that takes the regression targets, or -1.</summary>
    public int TargetIndex { get; }
    /// <summary>The shared parameters, by position in the kernel.</summary>
    public (int Index, Parameter Value)[] Shared { get; }

    /// <summary>Arguments with every shared parameter set; the per-row ones are set per call.</summary>
    public KernelArguments CreateArguments()
    {
        var arguments = new KernelArguments(Signature);
        foreach (var (index, value) in Shared)
        {
            if (value.Kind == KernelParameterKind.Scalar) arguments.SetScalar(index, value.Value);
            else arguments.SetFloats(index, value.Array);
        }
        return arguments;
    }

    /// <summary>Scalars are passed by value: re-read them after the optimizer changed them.</summary>
    public void RefreshScalars(KernelArguments arguments)
    {
        foreach (var (index, value) in Shared)
            if (value.Kind == KernelParameterKind.Scalar) arguments.SetScalar(index, value.Array[0]);
    }

    /// <summary>Throws when <paramref name="data"/> does not have what the kernel reads per row.</summary>
    public void CheckData(Dataset data, string role)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
            throw new ArgumentException($"The {role} set is empty.");
        if (LabelIndex >= 0 && !data.HasLabels)
            throw new ArgumentException($"Kernel {Signature.Name} takes a label '{Signature.Parameters[LabelIndex].Name}', but the {role} set has regression targets: load a classification set (features and int labels).");
        if (TargetIndex >= 0 && data.TargetLength == 0)
            throw new ArgumentException($"Kernel {Signature.Name} takes the targets '{Signature.Parameters[TargetIndex].Name}', but the {role} set has class labels: load a regression set (features and float targets).");
    }

    /// <summary>Copies the examples <paramref name="indices"/> of <paramref name="data"/> into <paramref name="batch"/>: the features, and the labels or targets if the kernel reads them.</summary>
    public void Gather(TrainingBatch batch, Dataset data, ReadOnlySpan<int> indices)
        => batch.Gather(data, indices, labels: LabelIndex >= 0, targets: TargetIndex >= 0);

    /// <summary>Points the per-row arguments at rows [start, start + rows) of a gathered batch.</summary>
    public void SetRows(KernelArguments arguments, TrainingBatch batch, int start, int rows)
    {
        arguments.SetFloats(FeatureIndex, batch.Features.AsMemory(start * batch.FeatureLength, rows * batch.FeatureLength));
        if (LabelIndex >= 0) arguments.SetLabels(LabelIndex, batch.Labels.AsMemory(start, rows));
        if (TargetIndex >= 0) arguments.SetFloats(TargetIndex, batch.Targets.AsMemory(start * batch.TargetLength, rows * batch.TargetLength));
    }

    /// <summary>
    /// Points the per-row arguments at examples [start, start + rows) of <paramref name="data"/> itself: its features and
    /// targets in place (evaluation reads the set in order, so there is nothing to gather), its byte labels widened into
    /// <paramref name="labels"/>.
    /// </summary>
    public void SetRows(KernelArguments arguments, Dataset data, int start, int rows, int[] labels)
    {
        arguments.SetFloats(FeatureIndex, data.FeatureRows(start, rows));
        if (LabelIndex >= 0)
        {
            var bytes = data.Labels.Slice(start, rows);
            for (int r = 0; r < rows; r++) labels[r] = bytes[r];
            arguments.SetLabels(LabelIndex, labels.AsMemory(0, rows));
        }
        if (TargetIndex >= 0) arguments.SetFloats(TargetIndex, data.TargetRows(start, rows));
    }

    /// <summary>
    /// Runs <paramref name="call"/> and turns an argument error of the generated kernel into one that says which
    /// kernel, data set and parameters did not fit, with their sizes.
    /// </summary>
    public void Explain(Dataset data, string role, Action call, int logitsPerRow = 0)
    {
        try
        {
            call();
        }
        catch (ArgumentException ex) when (logitsPerRow > 0 && ex.ParamName == "result")
        {
            throw new ArgumentException(
                $"Kernel {Signature.Name} does not write one logit per class: the {role} set has {logitsPerRow} classes, and the parameters are " +
                $"{SharedShapes}. A model trained on data with another number of classes cannot score this set.", ex);
        }
        catch (ArgumentException ex) when (ex.GetType() == typeof(ArgumentException) || ex is ArgumentOutOfRangeException)
        {
            string rows = data.TargetLength > 0 ? $"{data.Features} features and {data.TargetLength} targets" : $"{data.Features} features";
            throw new ArgumentException(
                $"Kernel {Signature.Name} does not fit the {role} set and the parameters: the set has {rows} per example, the parameters are " +
                $"{SharedShapes}. The kernel says: {ex.Message}", ex);
        }
    }

    /// <summary>The shared parameters with their shapes, for messages: <c>w (10 x 784), b (10)</c>.</summary>
    private string SharedShapes => string.Join(", ", Shared.Select(s => s.Value.ToString()));

    private static string Describe(KernelParameterKind kind) => kind switch
    {
        KernelParameterKind.Matrix => "Mat",
        KernelParameterKind.Vector => "Vec",
        KernelParameterKind.Scalar => "float",
        _ => "int",
    };
}
