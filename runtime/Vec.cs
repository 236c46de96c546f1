using System;

namespace KernelGen;

/// <summary>
/// A row of floats in a kernel expression. In generated kernels it becomes a <see cref="ReadOnlySpan{T}"/>;
/// as a value it supports the arithmetic of the expression language so the <c>[Kernel]</c> method itself runs
/// (element by element, exactly as written).
/// </summary>
public readonly struct Vec : IEquatable<Vec>
{
    private readonly float[]? _values;

    /// <summary>Wraps <paramref name="values"/> without copying.</summary>
    public Vec(float[] values) => _values = values ?? throw new ArgumentNullException(nameof(values));

    /// <summary>Number of elements.</summary>
    public int Length => _values?.Length ?? 0;

    /// <summary>Element <paramref name="index"/>; in a kernel, a gather.</summary>
    public float this[int index] => Values[index];

    /// <summary>The elements as a span.</summary>
    public ReadOnlySpan<float> AsSpan() => Values;

    /// <summary>A copy of the elements.</summary>
    public float[] ToArray() => (float[])Values.Clone();

    private float[] Values => _values ?? Array.Empty<float>();

    /// <summary>Wraps an array without copying.</summary>
    public static implicit operator Vec(float[] values) => new(values);

    /// <summary>Elementwise negation.</summary>
    public static Vec operator -(Vec a) => Map(a, v => -v);
    /// <summary>Elementwise sum (a float operand is broadcast).</summary>
    public static Vec operator +(Vec a, Vec b) => Zip(a, b, static (x, y) => x + y);
    /// <summary>Elementwise difference (a float operand is broadcast).</summary>
    public static Vec operator -(Vec a, Vec b) => Zip(a, b, static (x, y) => x - y);
    /// <summary>Elementwise product (a float operand is broadcast).</summary>
    public static Vec operator *(Vec a, Vec b) => Zip(a, b, static (x, y) => x * y);
    /// <summary>Elementwise quotient (a float operand is broadcast).</summary>
    public static Vec operator /(Vec a, Vec b) => Zip(a, b, static (x, y) => x / y);
    /// <summary>Elementwise sum (a float operand is broadcast).</summary>
    public static Vec operator +(Vec a, float b) => Map(a, x => x + b);
    /// <summary>Elementwise difference (a float operand is broadcast).</summary>
    public static Vec operator -(Vec a, float b) => Map(a, x => x - b);
    /// <summary>Elementwise product (a float operand is broadcast).</summary>
    public static Vec operator *(Vec a, float b) => Map(a, x => x * b);
    /// <summary>Elementwise quotient (a float operand is broadcast).</summary>
    public static Vec operator /(Vec a, float b) => Map(a, x => x / b);
    /// <summary>Elementwise sum (a float operand is broadcast).</summary>
    public static Vec operator +(float a, Vec b) => Map(b, y => a + y);
    /// <summary>Elementwise difference (a float operand is broadcast).</summary>
    public static Vec operator -(float a, Vec b) => Map(b, y => a - y);
    /// <summary>Elementwise product (a float operand is broadcast).</summary>
    public static Vec operator *(float a, Vec b) => Map(b, y => a * y);
    /// <summary>Elementwise quotient (a float operand is broadcast).</summary>
    public static Vec operator /(float a, Vec b) => Map(b, y => a / y);

    internal static Vec Map(Vec a, Func<float, float> f)
    {
        var result = new float[a.Length];
        for (int i = 0; i < result.Length; i++) result[i] = f(a[i]);
        return new Vec(result);
    }

    internal static Vec Zip(Vec a, Vec b, Func<float, float, float> f)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Vector lengths differ: {a.Length} and {b.Length}. Elementwise operations need equal lengths.");
        var result = new float[a.Length];
        for (int i = 0; i < result.Length; i++) result[i] = f(a[i], b[i]);
        return new Vec(result);
    }

    /// <inheritdoc/>
    public bool Equals(Vec other) => Values.AsSpan().SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Vec other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Length;

    /// <inheritdoc/>
    public override string ToString() => "[" + string.Join(", ", Values) + "]";
}
