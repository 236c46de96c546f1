using System;

namespace KernelGen;

/// <summary>
/// A row-major matrix parameter of a kernel (a weight matrix). In generated kernels it becomes a flat
/// <see cref="ReadOnlySpan{T}"/> of rows x columns floats; <c>w * x</c> is the matrix-vector product.
/// </summary>
public readonly struct Mat
{
    private readonly float[]? _values;

    /// <summary>Wraps <paramref name="values"/> (row-major, <paramref name="rows"/> x <paramref name="columns"/>) without copying.</summary>
    public Mat(float[] values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (rows < 0 || columns < 0 || (long)rows * columns != values.Length)
            throw new ArgumentException($"A {rows} x {columns} matrix needs {(long)rows * columns} values, but {values.Length} were given.", nameof(values));
        _values = values;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Element at <paramref name="row"/>, <paramref name="column"/>.</summary>
    public float this[int row, int column] => (_values ?? Array.Empty<float>())[row * Columns + column];

    /// <summary>The elements, row after row, as a vector: what elementwise operations and reductions of a matrix work on.</summary>
    internal Vec Elements => new(_values ?? Array.Empty<float>());

    /// <summary>A matrix of this shape holding <paramref name="elements"/>.</summary>
    internal Mat WithElements(Vec elements) => new(elements.ToArray(), Rows, Columns);

    /// <summary>Elementwise sum of two matrices of the same shape.</summary>
    public static Mat operator +(Mat a, Mat b) => a.WithElements(a.Elements + SameShape(a, b).Elements);
    /// <summary>Elementwise difference of two matrices of the same shape.</summary>
    public static Mat operator -(Mat a, Mat b) => a.WithElements(a.Elements - SameShape(a, b).Elements);
    /// <summary>Each element negated.</summary>
    public static Mat operator -(Mat a) => a.WithElements(-a.Elements);
    /// <summary>Each element times <paramref name="b"/>.</summary>
    public static Mat operator *(Mat a, float b) => a.WithElements(a.Elements * b);
    /// <summary>Each element times <paramref name="a"/>.</summary>
    public static Mat operator *(float a, Mat b) => b.WithElements(a * b.Elements);
    /// <summary>Each element divided by <paramref name="b"/>.</summary>
    public static Mat operator /(Mat a, float b) => a.WithElements(a.Elements / b);
    /// <summary>Each element plus <paramref name="b"/>.</summary>
    public static Mat operator +(Mat a, float b) => a.WithElements(a.Elements + b);
    /// <summary>Each element minus <paramref name="b"/>.</summary>
    public static Mat operator -(Mat a, float b) => a.WithElements(a.Elements - b);

    private static Mat SameShape(Mat a, Mat b)
    {
        if (a.Rows != b.Rows || a.Columns != b.Columns)
            throw new ArgumentException($"Elementwise operations need matrices of one shape, got {a.Rows} x {a.Columns} and {b.Rows} x {b.Columns}.");
        return b;
    }

    /// <summary>The matrix-vector product <c>w * x</c>.</summary>
    public static Vec operator *(Mat w, Vec x)
    {
        if (w.Columns != x.Length)
            throw new ArgumentException($"Matrix-vector product needs x.Length == w.Columns, got {x.Length} and {w.Columns}.");
        var result = new float[w.Rows];
        for (int r = 0; r < w.Rows; r++)
        {
            float sum = 0;
            for (int c = 0; c < w.Columns; c++) sum += w[r, c] * x[c];
            result[r] = sum;
        }
        return new Vec(result);
    }
}
