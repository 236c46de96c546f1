using System;

namespace KernelGen.Training;

/// <summary>
/// One shared parameter of a kernel, with its values: a matrix (row-major), a vector or a scalar. A trained parameter
/// (one the kernel writes a gradient for) is updated by the optimizer; one marked <see cref="NoGradientAttribute">[NoGradient]</see>
/// in the kernel is held at the value you set, like a hyperparameter.
/// </summary>
public sealed class Parameter
{
    private readonly float[] _values;

    internal Parameter(string name, KernelParameterKind kind, int rows, int columns, bool isTrained)
    {
        Name = name;
        Kind = kind;
        Rows = rows;
        Columns = columns;
        IsTrained = isTrained;
        _values = new float[checked(rows * columns)];
    }

    /// <summary>The parameter's name in the kernel.</summary>
    public string Name { get; }

    /// <summary>Matrix, vector or scalar.</summary>
    public KernelParameterKind Kind { get; }

    /// <summary>A matrix's rows, a vector's length, 1 for a scalar.</summary>
    public int Rows { get; }

    /// <summary>A matrix's columns, 1 for a vector or a scalar.</summary>
    public int Columns { get; }

    /// <summary>The number of floats.</summary>
    public int Length => _values.Length;

    /// <summary>True when training updates it (the kernel computes its gradient); false for a value held fixed.</summary>
    public bool IsTrained { get; }

    /// <summary>The values, row-major for a matrix; write them to initialize or restore the parameter.</summary>
    public Span<float> Values => _values;

    /// <summary>A scalar parameter's value.</summary>
    /// <exception cref="InvalidOperationException">The parameter is a vector or a matrix.</exception>
    public float Value
    {
        get => ScalarSlot;
        set => ScalarSlot = value;
    }

    private ref float ScalarSlot
    {
        get
        {
            if (Kind != KernelParameterKind.Scalar)
                throw new InvalidOperationException($"Parameter '{Name}' is a {Kind.ToString().ToLowerInvariant()} of {Length} values; use Values.");
            return ref _values[0];
        }
    }

    /// <summary>The array behind <see cref="Values"/>, for the trainer's kernel arguments.</summary>
    internal float[] Array => _values;

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        KernelParameterKind.Matrix => $"{Name} ({Rows} x {Columns})",
        KernelParameterKind.Vector => $"{Name} ({Rows})",
        _ => $"{Name} (= {_values[0]})",
    };
}
