using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace KernelGen.Training;

/// <summary>
/// The shared parameters of a kernel (its <c>Mat</c>, <c>[Shared] Vec</c> and <c>float</c> parameters), by name, with
/// their values: the model a <see cref="Trainer{TLoss}"/> trains. Per-row parameters are not here: they are the data.
/// </summary>
/// <remarks>
/// Sizes fixed at compile time (<c>[Kernel(Sizes = ...)]</c>) need no shape; any other matrix or vector needs one.
/// Other kernels over the same parameters (a logits kernel for accuracy) bind to this set by name.
/// </remarks>
public sealed partial class ParameterSet : IReadOnlyList<Parameter>
{
    private readonly Parameter[] _parameters;

    /// <summary>The parameters of kernel <typeparamref name="TKernel"/>, all zero, with the given shapes.</summary>
    /// <exception cref="ArgumentException">A shape is missing, names no shared parameter of the kernel, or contradicts a compile-time size.</exception>
    public static ParameterSet For<TKernel>(params ParameterShape[] shapes) where TKernel : IKernel => new(TKernel.Signature, shapes);

    /// <summary>The parameters of the kernel with <paramref name="signature"/>, all zero, with the given shapes.</summary>
    /// <exception cref="ArgumentException">A shape is missing, names no shared parameter of the kernel, or contradicts a compile-time size.</exception>
    public ParameterSet(KernelSignature signature, params ParameterShape[] shapes)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(shapes);
        Kernel = signature.Name;
        foreach (var shape in shapes)
        {
            int index = signature.IndexOf(shape.Name);
            if (index < 0)
                throw new ArgumentException($"Kernel {signature.Name} has no parameter '{shape.Name}'; its shared parameters are {Names(signature)}.", nameof(shapes));
            if (signature.Parameters[index].IsPerRow)
                throw new ArgumentException($"'{shape.Name}' is per-row data of kernel {signature.Name}: its values come from the data set, so it takes no shape.", nameof(shapes));
            if (shapes.Count(s => s.Name == shape.Name) > 1)
                throw new ArgumentException($"The shape of '{shape.Name}' is given twice.", nameof(shapes));
        }

        var parameters = new List<Parameter>();
        foreach (var p in signature.Parameters.Where(p => !p.IsPerRow))
        {
            var (rows, columns) = ShapeOf(signature, p, shapes.Where(s => s.Name == p.Name).Select(s => (ParameterShape?)s).FirstOrDefault());
            parameters.Add(new Parameter(p.Name, p.Kind, rows, columns, p.HasGradient));
        }
        _parameters = parameters.ToArray();
        Trained = _parameters.Where(p => p.IsTrained).ToArray();
    }

    private ParameterSet(string kernel, Parameter[] parameters)
    {
        Kernel = kernel;
        _parameters = parameters;
        Trained = parameters.Where(p => p.IsTrained).ToArray();
    }

    /// <summary>The kernel the set was made for (<c>Losses.CrossEntropy</c>).</summary>
    public string Kernel { get; }

    /// <summary>The parameters the optimizer updates, in the kernel's order.</summary>
    public IReadOnlyList<Parameter> Trained { get; }

    /// <inheritdoc/>
    public int Count => _parameters.Length;

    /// <inheritdoc/>
    public Parameter this[int index] => _parameters[index];

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none; the message lists the names there are.</exception>
    public Parameter this[string name] => Find(name)
        ?? throw new KeyNotFoundException($"The parameters of {Kernel} have no '{name}'; they are {string.Join(", ", _parameters.Select(p => p.Name))}.");

    /// <summary>The parameter called <paramref name="name"/>, or null.</summary>
    public Parameter? Find(string name) => Array.Find(_parameters, p => p.Name == name);

    /// <summary>
    /// The d2l initialization, seeded: every trained matrix from N(0, <paramref name="std"/>²), every trained vector
    /// and scalar zero. Parameters held fixed keep their values.
    /// </summary>
    public void InitializeNormal(int seed, float std = 0.01f)
    {
        var random = new Random(seed);
        foreach (var p in Trained)
        {
            if (p.Kind != KernelParameterKind.Matrix)
            {
                p.Values.Clear();
                continue;
            }
            var values = p.Values;
            for (int i = 0; i < values.Length; i++)
            {
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                values[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }
    }

    /// <summary>A copy with its own values.</summary>
    public ParameterSet Clone()
    {
        var copies = _parameters.Select(p =>
        {
            var copy = new Parameter(p.Name, p.Kind, p.Rows, p.Columns, p.IsTrained);
            p.Values.CopyTo(copy.Values);
            return copy;
        }).ToArray();
        return new ParameterSet(Kernel, copies);
    }

    /// <summary>Copies every value from <paramref name="source"/>, which must have the same names and shapes.</summary>
    public void CopyFrom(ParameterSet source)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (var p in _parameters)
        {
            var other = source.Find(p.Name) ?? throw new ArgumentException($"The source has no parameter '{p.Name}'.", nameof(source));
            if (other.Rows != p.Rows || other.Columns != p.Columns)
                throw new ArgumentException($"'{p.Name}' is {other.Rows} x {other.Columns} in the source but {p.Rows} x {p.Columns} here.", nameof(source));
            other.Values.CopyTo(p.Values);
        }
    }

    /// <inheritdoc/>
    public IEnumerator<Parameter> GetEnumerator() => ((IEnumerable<Parameter>)_parameters).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => $"{Kernel}: {string.Join(", ", _parameters.Select(p => p.ToString()))}";

    private static (int Rows, int Columns) ShapeOf(KernelSignature signature, KernelParameter p, ParameterShape? given)
    {
        if (p.Kind == KernelParameterKind.Scalar)
        {
            if (given is { Length: not 1 } wrong)
                throw new ArgumentException($"'{p.Name}' of kernel {signature.Name} is a float; it takes no shape (given {wrong}).", "shapes");
            return (1, 1);
        }
        bool matrix = p.Kind == KernelParameterKind.Matrix;
        if (given is { } shape)
        {
            if (!matrix && shape.Columns != 1)
                throw new ArgumentException($"'{p.Name}' of kernel {signature.Name} is a Vec; give ParameterShape.Vector(\"{p.Name}\", length), not {shape}.", "shapes");
            if (p.Rows is int rows && rows != shape.Rows || p.Columns is int columns && columns != shape.Columns)
                throw new ArgumentException($"'{p.Name}' of kernel {signature.Name} has {Fixed(p)} fixed at compile time, but the shape given is {shape}.", "shapes");
            return (shape.Rows, shape.Columns);
        }
        if (p.Rows is int fixedRows && (!matrix || p.Columns is not null))
            return (fixedRows, matrix ? p.Columns!.Value : 1);
        throw new ArgumentException(matrix
            ? $"Give the shape of '{p.Name}', a Mat of kernel {signature.Name}: ParameterShape.Matrix(\"{p.Name}\", rows, columns)."
            : $"Give the shape of '{p.Name}', a Vec of kernel {signature.Name}: ParameterShape.Vector(\"{p.Name}\", length).", "shapes");
    }

    private static string Fixed(KernelParameter p) => p.Kind == KernelParameterKind.Matrix
        ? $"{p.Rows?.ToString() ?? "?"} x {p.Columns?.ToString() ?? "?"}"
        : $"length {p.Rows}";

    private static string Names(KernelSignature signature) => string.Join(", ", signature.Parameters.Where(p => !p.IsPerRow).Select(p => p.Name));
}
