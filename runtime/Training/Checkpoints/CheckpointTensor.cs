using System;
using System.Text;

namespace KernelGen.Checkpoints;

/// <summary>
/// One named parameter of a checkpointed kernel: a <see cref="Rows"/> x <see cref="Columns"/> block of floats,
/// row-major. The values are copied in and cannot be changed afterwards.
/// </summary>
/// <remarks>
/// Every parameter is stored as a matrix. A vector of length n is n x 1 (<see cref="Vector"/>) and a scalar is
/// 1 x 1 (<see cref="Scalar"/>), so <c>w</c> 10 x 784, <c>b</c> 10 x 1 and <c>temperature</c> 1 x 1 are the
/// three shapes of a typical model. Both dimensions are at least 1.
/// <para>
/// A name is non-empty, at most <see cref="MaxNameBytes"/> bytes of UTF-8, and compared ordinally (case
/// matters); it is unique within a <see cref="Checkpoint"/>.
/// </para>
/// This is a class rather than a record on purpose: record equality would compare the value buffers by
/// reference, which looks like value equality and is not.
/// </remarks>
public sealed class CheckpointTensor
{
    /// <summary>Longest name, in bytes of UTF-8.</summary>
    public const int MaxNameBytes = 256;

    private readonly float[] _values;

    /// <summary>A <paramref name="rows"/> x <paramref name="columns"/> tensor; <paramref name="values"/> is copied.</summary>
    /// <param name="name">Non-empty, at most <see cref="MaxNameBytes"/> bytes of UTF-8.</param>
    /// <param name="rows">At least 1.</param>
    /// <param name="columns">At least 1; 1 for a vector or a scalar.</param>
    /// <param name="values"><paramref name="rows"/> x <paramref name="columns"/> floats, row-major.</param>
    /// <exception cref="ArgumentException">The name is not allowed, or the number of values does not match the shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1.</exception>
    public CheckpointTensor(string name, int rows, int columns, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? problem = NameProblem(name);
        if (problem is not null)
            throw new ArgumentException(problem, nameof(name));
        if (rows < 1)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"Tensor '{name}' needs at least one row.");
        if (columns < 1)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, $"Tensor '{name}' needs at least one column.");
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException(
                $"Tensor '{name}' is {rows} x {columns} = {(long)rows * columns} values, but {values.Length} were given.",
                nameof(values));
        }

        Name = name;
        Rows = rows;
        Columns = columns;
        _values = values.ToArray();
    }

    // Takes ownership of an array the reader has just filled and checked, to avoid a second copy.
    private CheckpointTensor(string name, int rows, int columns, float[] values)
    {
        Name = name;
        Rows = rows;
        Columns = columns;
        _values = values;
    }

    /// <summary>A <paramref name="rows"/> x <paramref name="columns"/> matrix, row-major; <paramref name="values"/> is copied.</summary>
    public static CheckpointTensor Matrix(string name, int rows, int columns, ReadOnlySpan<float> values) =>
        new(name, rows, columns, values);

    /// <summary>A vector, stored as <c>values.Length</c> x 1; <paramref name="values"/> is copied.</summary>
    public static CheckpointTensor Vector(string name, ReadOnlySpan<float> values) =>
        new(name, values.Length, 1, values);

    /// <summary>A scalar, stored as 1 x 1.</summary>
    public static CheckpointTensor Scalar(string name, float value) =>
        new(name, 1, 1, new ReadOnlySpan<float>(in value));

    internal static CheckpointTensor Adopt(string name, int rows, int columns, float[] values) =>
        new(name, rows, columns, values);

    /// <summary>The parameter's name, e.g. <c>w</c>.</summary>
    public string Name { get; }

    /// <summary>Rows; the length of a vector, 1 for a scalar.</summary>
    public int Rows { get; }

    /// <summary>Columns; 1 for a vector or a scalar.</summary>
    public int Columns { get; }

    /// <summary><see cref="Rows"/> x <see cref="Columns"/> values, row-major.</summary>
    public ReadOnlyMemory<float> Values => _values;

    /// <summary>The name and shape, e.g. <c>'w' (10 x 784)</c>.</summary>
    public override string ToString() => $"'{Name}' ({Rows} x {Columns})";

    /// <summary>Why <paramref name="name"/> cannot name a tensor, or null if it can.</summary>
    internal static string? NameProblem(string name)
    {
        if (name.Length == 0)
            return "A tensor name must not be empty.";
        int bytes;
        try
        {
            bytes = CheckpointLayout.StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException)
        {
            return $"Tensor name '{name}' is not valid Unicode (it has an unpaired surrogate) and cannot be stored as UTF-8.";
        }

        return bytes > MaxNameBytes
            ? $"Tensor name '{name}' is {bytes} bytes of UTF-8; the limit is {MaxNameBytes}."
            : null;
    }

    /// <summary>Index of the first NaN or infinity, or -1.</summary>
    internal int FirstNonFinite()
    {
        for (int i = 0; i < _values.Length; i++)
        {
            if (!float.IsFinite(_values[i]))
                return i;
        }

        return -1;
    }

    /// <summary>
    /// Says which non-finite value <paramref name="index"/> is and where, e.g.
    /// <c>tensor 'w' has NaN at index 7 (row 0, column 7)</c>.
    /// </summary>
    internal string DescribeValue(int index)
    {
        float value = _values[index];
        string what = float.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
        return $"tensor '{Name}' has {what} at index {index} (row {index / Columns}, column {index % Columns})";
    }
}
