using System;
using System.ComponentModel;

namespace KernelGen.CompilerServices;

/// <summary>
/// The argument checks of generated entry points, one call each, with the messages a caller reads: what was passed,
/// what the kernel needs, and which parameter. A batch of one row (what a single-row entry point runs) is described
/// as a row, not as "1 rows".
/// </summary>
// Support code of generated kernels: public only because generated code lives in user assemblies, and hidden
// from IntelliSense because it is not an API to call directly (its members may change with the generator).
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ArgumentChecks
{
    /// <summary>Throws unless the batch has at least one row.</summary>
    public static void Rows(int rows)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "A batch needs at least one row.");
    }

    /// <summary>The length of one row of a per-row input: its length over <paramref name="rows"/>, which must divide it and not be 0.</summary>
    public static int RowLength(ReadOnlySpan<float> rowsOfInput, int rows, string name)
    {
        if (rowsOfInput.Length % rows != 0)
            throw new ArgumentException($"{name} has {rowsOfInput.Length} elements, which is not {rows} rows of equal length.", name);
        return NotEmpty(rowsOfInput.Length / rows, name);
    }

    /// <summary>The length of an input that is one vector (a row's, or shared by the rows), which must not be 0.</summary>
    public static int Length(ReadOnlySpan<float> input, string name) => NotEmpty(input.Length, name);

    /// <summary>
    /// The other side of a matrix whose one side is <paramref name="side"/>: its length over <paramref name="side"/>,
    /// which must divide it and not be 0. <paramref name="sideName"/> says which side is known: "rows" or "columns".
    /// </summary>
    public static int OtherSide(ReadOnlySpan<float> matrix, int side, string sideName, string name)
    {
        if (matrix.Length % side != 0)
            throw new ArgumentException($"{name} has {matrix.Length} elements, which is not a whole number of {sideName} of {side}.", name);
        return NotEmpty(matrix.Length / side, name);
    }

    private static int NotEmpty(int length, string name)
        => length != 0 ? length : throw new ArgumentException($"{name} is empty; the kernel needs at least one element.", name);

    /// <summary>Throws unless <paramref name="input"/> has <paramref name="expected"/> elements: what <paramref name="need"/> needs.</summary>
    public static void Length(ReadOnlySpan<float> input, int expected, string need, string name)
    {
        if (input.Length != expected) throw new ArgumentException($"{name} has {input.Length} elements, but {need} needs {expected}.", name);
    }

    /// <summary>
    /// Throws unless a per-row input has <paramref name="rows"/> rows of <paramref name="rowLength"/> (named
    /// <paramref name="rowLengthName"/>) elements.
    /// </summary>
    public static void RowsLength(ReadOnlySpan<float> input, int rows, int rowLength, string rowLengthName, string name)
    {
        if (input.Length != rows * rowLength)
            throw new ArgumentException(rows == 1
                ? $"{name} has {input.Length} elements, but {rowLengthName} needs {rowLength}."
                : $"{name} has {input.Length} elements, but {rows} rows of {rowLengthName} needs {rows * rowLength}.", name);
    }

    /// <summary>Throws unless there is one label per row.</summary>
    public static void Labels(ReadOnlySpan<int> labels, int rows, string name)
    {
        if (labels.Length != rows) throw new ArgumentException($"{name} has {labels.Length} labels, but the batch has {rows} rows.", name);
    }

    /// <summary>Throws unless every label is in [0, <paramref name="classes"/>).</summary>
    public static void LabelsInRange(ReadOnlySpan<int> labels, int classes, string name)
    {
        for (int r = 0; r < labels.Length; r++)
        {
            if ((uint)labels[r] >= (uint)classes)
                throw new ArgumentOutOfRangeException(name, labels[r], labels.Length == 1
                    ? $"A label must be in [0, {classes})."
                    : $"Row {r}: a label must be in [0, {classes}).");
        }
    }

    /// <summary>Throws unless the upstream gradient has one element per element of the result.</summary>
    public static void Upstream(ReadOnlySpan<float> dResult, int resultLength)
    {
        if (dResult.Length != resultLength)
            throw new ArgumentException($"dResult has {dResult.Length} elements, but the result has {resultLength}.", nameof(dResult));
    }

    /// <summary>Throws unless the result span has room for what the kernel writes.</summary>
    public static void Result(ReadOnlySpan<float> result, int resultLength)
    {
        if (result.Length != resultLength)
            throw new ArgumentException($"result has {result.Length} elements, but the kernel writes {resultLength}.", nameof(result));
    }

    /// <summary>Throws unless there is one value per row.</summary>
    public static void Values(ReadOnlySpan<float> values, int rows)
    {
        if (values.Length != rows) throw new ArgumentException($"values has {values.Length} elements, but the batch has {rows} rows.", nameof(values));
    }

    /// <summary>Throws unless a gradient has one element per element of its input.</summary>
    public static void Gradient(ReadOnlySpan<float> gradient, ReadOnlySpan<float> input, string gradientName, string inputName)
    {
        if (gradient.Length != input.Length)
            throw new ArgumentException($"{gradientName} has {gradient.Length} elements, but {inputName} has {input.Length}.", gradientName);
    }

    /// <summary>Throws unless a row has element <paramref name="index"/>, which the kernel reads.</summary>
    public static void HasElement(int rowLength, int index, string name)
    {
        if (rowLength <= index)
            throw new ArgumentException($"{name} has {rowLength} elements per row, but the kernel reads element {index}; it needs at least {index + 1}.", name);
    }
}
