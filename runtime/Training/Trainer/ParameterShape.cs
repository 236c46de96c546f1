using System;

namespace KernelGen.Training;

/// <summary>
/// The shape of one trainable (or fixed) parameter of a kernel, by name: what a <see cref="ParameterSet"/> needs for
/// a <c>Mat</c> or <c>[Shared] Vec</c> whose size is not fixed at compile time.
/// </summary>
/// <param name="Name">The parameter's name in the <see cref="KernelAttribute">[Kernel]</see> method.</param>
/// <param name="Rows">A matrix's rows, or a vector's length (1 for a scalar).</param>
/// <param name="Columns">A matrix's columns (1 for a vector or a scalar).</param>
public readonly record struct ParameterShape(string Name, int Rows, int Columns)
{
    /// <summary>A <c>Mat</c> of <paramref name="rows"/> x <paramref name="columns"/> (row-major).</summary>
    public static ParameterShape Matrix(string name, int rows, int columns) => new(name, Check(rows, name), Check(columns, name));

    /// <summary>A <c>Vec</c> of <paramref name="length"/>.</summary>
    public static ParameterShape Vector(string name, int length) => new(name, Check(length, name), 1);

    /// <summary>The number of floats the parameter holds.</summary>
    public int Length => checked(Rows * Columns);

    /// <inheritdoc/>
    public override string ToString() => Columns == 1 ? $"{Name}: {Rows}" : $"{Name}: {Rows} x {Columns}";

    private static int Check(int size, string name)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, $"Parameter '{name}' needs a size of at least 1.");
        return size;
    }
}
