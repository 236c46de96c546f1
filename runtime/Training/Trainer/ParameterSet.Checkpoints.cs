using System;
using System.Linq;
using KernelGen.Checkpoints;

namespace KernelGen.Training;

public sealed partial class ParameterSet
{
    /// <summary>A checkpoint of every parameter, keyed by name (the values are copied).</summary>
    public Checkpoint ToCheckpoint(CheckpointMetadata? metadata = null)
        => new(Kernel, _parameters.Select(p => new CheckpointTensor(p.Name, p.Rows, p.Columns, p.Values)), metadata);

    /// <summary>
    /// Sets every parameter from the tensor of the same name in <paramref name="checkpoint"/>. Nothing is changed
    /// unless every parameter is there with its shape.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is missing from the checkpoint, or has another shape there; the message names it.</exception>
    public void Restore(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        foreach (var p in _parameters)
        {
            if (!checkpoint.TryGetTensor(p.Name, out var tensor))
                throw new ArgumentException($"The checkpoint (of {Describe(checkpoint)}) has no '{p.Name}', which {Kernel} needs; it holds {string.Join(", ", checkpoint.Tensors.Select(t => t.Name))}.", nameof(checkpoint));
            if (tensor.Rows != p.Rows || tensor.Columns != p.Columns)
                throw new ArgumentException($"'{p.Name}' is {tensor.Rows} x {tensor.Columns} in the checkpoint (of {Describe(checkpoint)}) but {p.Rows} x {p.Columns} in {Kernel}.", nameof(checkpoint));
        }
        foreach (var p in _parameters) checkpoint.Tensor(p.Name).Values.Span.CopyTo(p.Values);
    }

    private static string Describe(Checkpoint checkpoint) => checkpoint.Kernel.Length > 0 ? checkpoint.Kernel : "an unnamed kernel";
}
