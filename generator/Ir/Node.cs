using KernelGen.Generator.Model;

namespace KernelGen.Generator.Ir;

/// <summary>Whether a value is a scalar, a vector (one dimension) or a matrix (rows, columns).</summary>
internal enum ShapeKind { Scalar, Vector, Matrix }

/// <summary>
/// One IR node. Nodes are immutable and hash-consed by <see cref="Graph"/>, so equal subexpressions are the
/// same object; ids grow with creation, so operands always have smaller ids than their users.
/// </summary>
internal sealed class Node
{
    public Node(int id, Op op, Node[] args, float value, int param, ShapeKind kind, int dim0, int dim1, SourceSpan span)
    {
        Id = id;
        Op = op;
        Args = args;
        Value = value;
        Param = param;
        Kind = kind;
        Dim0 = dim0;
        Dim1 = dim1;
        Span = span;
    }

    public int Id { get; }
    public Op Op { get; }
    public Node[] Args { get; }
    /// <summary>The constant of <see cref="Op.Const"/> or of a constant <see cref="Op.Label"/>.</summary>
    public float Value { get; }
    /// <summary>Parameter index of an input or label; the dimension of <see cref="Op.OneHot"/> and <see cref="Op.Length"/>.</summary>
    public int Param { get; }
    public ShapeKind Kind { get; }
    /// <summary>The vector's dimension, or the matrix's rows.</summary>
    public int Dim0 { get; }
    /// <summary>The matrix's columns.</summary>
    public int Dim1 { get; }
    /// <summary>Where the user wrote it, for diagnostics.</summary>
    public SourceSpan Span { get; }

    public Node A => Args[0];
    public Node B => Args[1];

    public bool IsScalar => Kind == ShapeKind.Scalar;
    public bool IsVector => Kind == ShapeKind.Vector;
    public bool IsConst(float value) => Op == Op.Const && Value == value;

    public override string ToString() => $"#{Id} {Op}";
}
