using System;
using System.Collections.Generic;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Ir;

/// <summary>
/// Builds IR nodes with hash-consing (a structurally equal node is returned instead of a new one, which is
/// common-subexpression elimination for free) and shape inference (dimensions unify; mismatches are recorded
/// as errors with the node's source span).
/// </summary>
internal sealed class Graph
{
    private readonly Dictionary<(Op, int, int, int, int, int), Node> _interned = new();
    private readonly List<Node> _nodes = new();

    public Graph(Dims dims) => Dims = dims;

    public Dims Dims { get; }

    /// <summary>Shape errors found while building, with where they happened.</summary>
    public List<(string Message, SourceSpan Span)> ShapeErrors { get; } = new();

    /// <summary>Span given to nodes built from now on (the lowering sets it to the user's expression).</summary>
    public SourceSpan CurrentSpan { get; set; } = SourceSpan.None;

    /// <summary>Parameter names, for shape error messages.</summary>
    public Func<int, string> ParamName { get; set; } = i => "#" + i;

    public Node Input(int param, ShapeKind kind, int dim0, int dim1) => Intern(Op.Input, Array.Empty<Node>(), 0, param, kind, dim0, dim1);

    public Node Seed(ShapeKind kind, int dim) => Intern(Op.Seed, Array.Empty<Node>(), 0, -1, kind, dim, -1);

    public Node Const(float value) => Intern(Op.Const, Array.Empty<Node>(), value, -1, ShapeKind.Scalar, -1, -1);

    public Node Label(int param, float constant) => Intern(Op.Label, Array.Empty<Node>(), constant, param, ShapeKind.Scalar, -1, -1);

    public Node Length(int dim) => Intern(Op.Length, Array.Empty<Node>(), 0, Dims.Find(dim), ShapeKind.Scalar, -1, -1);

    public Node OneHot(Node label, int dim) => Intern(Op.OneHot, new[] { label }, 0, Dims.Find(dim), ShapeKind.Vector, Dims.Find(dim), -1);

    public Node Unary(Op op, Node a) => Intern(op, new[] { a }, 0, -1, a.Kind, a.Dim0, a.Dim1);

    public Node Binary(Op op, Node a, Node b)
    {
        if (op == Op.Add && a.Kind == ShapeKind.Matrix && b.Kind == ShapeKind.Matrix)
            return Intern(op, new[] { a, b }, 0, -1, ShapeKind.Matrix, a.Dim0, a.Dim1);
        if (a.Kind == ShapeKind.Matrix || b.Kind == ShapeKind.Matrix)
        {
            ShapeErrors.Add(($"'{op.DisplayName()}' cannot take a matrix operand; a Mat is only used as 'w * x'", CurrentSpan));
            return a;
        }
        if (a.IsVector && b.IsVector) UnifyOrReport(a.Dim0, b.Dim0, $"'{op.DisplayName()}' needs operands of the same length");
        var shaped = a.IsVector ? a : b;
        // Canonical operand order for commutative ops, so x+y and y+x are one node.
        if (op.IsCommutative() && a.Id > b.Id) (a, b) = (b, a);
        return Intern(op, new[] { a, b }, 0, -1, shaped.Kind, shaped.IsVector ? Dims.Find(shaped.Dim0) : -1, -1);
    }

    public Node Reduce(Op op, Node a)
    {
        if (!a.IsVector)
        {
            ShapeErrors.Add(($"'{op.DisplayName()}' reduces a vector, but its operand is a {a.Kind.ToString().ToLowerInvariant()}", CurrentSpan));
            return a;
        }
        return Intern(op, new[] { a }, 0, -1, ShapeKind.Scalar, -1, -1);
    }

    public Node Gather(Node vector, Node label)
    {
        if (!vector.IsVector)
        {
            ShapeErrors.Add(("Indexing needs a vector", CurrentSpan));
            return vector;
        }
        return Intern(Op.Gather, new[] { vector, label }, 0, -1, ShapeKind.Scalar, -1, -1);
    }

    public Node MatVec(Node w, Node x)
    {
        if (w.Kind != ShapeKind.Matrix || !x.IsVector)
        {
            ShapeErrors.Add(("'w * x' needs a Mat on the left and a Vec on the right", CurrentSpan));
            return x;
        }
        UnifyOrReport(w.Dim1, x.Dim0, $"'{ParamName(w.Param)} * x' needs x's length to equal the columns of {ParamName(w.Param)}");
        return Intern(Op.MatVec, new[] { w, x }, 0, -1, ShapeKind.Vector, Dims.Find(w.Dim0), -1);
    }

    public Node MatTVec(Node w, Node g) => Intern(Op.MatTVec, new[] { w, g }, 0, -1, ShapeKind.Vector, Dims.Find(w.Dim1), -1);

    /// <summary>The outer product g x^T; <paramref name="rowsDim"/> is given because g may be a broadcast scalar.</summary>
    public Node Outer(Node g, Node x, int rowsDim) => Intern(Op.Outer, new[] { g, x }, 0, Dims.Find(rowsDim), ShapeKind.Matrix, Dims.Find(rowsDim), Dims.Find(x.Dim0));

    /// <summary>The row index of a matrix loop, as a label (scheduling only).</summary>
    public Node RowIndex() => Intern(Op.Label, Array.Empty<Node>(), 0, RowIndexParam, ShapeKind.Scalar, -1, -1);

    public const int RowIndexParam = -2;

    /// <summary>
    /// A row of matrix <paramref name="w"/> (scheduling only): the current row of a matrix loop, or with
    /// <paramref name="row"/> >= 0 that fixed row, for loops that work on all rows at once.
    /// </summary>
    public Node MatRow(Node w, int row = -1) => Intern(Op.MatRow, new[] { w }, 0, row, ShapeKind.Vector, Dims.Find(w.Dim1), -1);

    /// <summary>Rebuilds <paramref name="node"/> with new operands, through the shape-checking builders.</summary>
    public Node With(Node node, Node[] args) => node.Op switch
    {
        _ when args.Length == 0 => node,
        Op.OneHot => OneHot(args[0], node.Param),
        Op.Gather => Gather(args[0], args[1]),
        Op.MatVec => MatVec(args[0], args[1]),
        Op.MatTVec => MatTVec(args[0], args[1]),
        Op.Outer => Outer(args[0], args[1], node.Param),
        _ when node.Op.IsReduction() => Reduce(node.Op, args[0]),
        _ when node.Op.IsElementwiseUnary() => Unary(node.Op, args[0]),
        _ when node.Op.IsElementwiseBinary() => Binary(node.Op, args[0], args[1]),
        _ => throw new InvalidOperationException("Cannot rebuild " + node.Op),
    };

    private void UnifyOrReport(int a, int b, string message)
    {
        if (Dims.Unify(a, b)) return;
        ShapeErrors.Add(($"{message}, but the declared sizes are {Dims.SizeOf(a)} and {Dims.SizeOf(b)}", CurrentSpan));
    }

    private Node Intern(Op op, Node[] args, float value, int param, ShapeKind kind, int dim0, int dim1)
    {
        int a = args.Length > 0 ? args[0].Id : -1;
        int b = args.Length > 1 ? args[1].Id : -1;
        var key = (op, a, b, BitConverter.ToInt32(BitConverter.GetBytes(value), 0), param, kind == ShapeKind.Vector && op is Op.Input or Op.Seed ? dim0 : -1);
        if (_interned.TryGetValue(key, out var existing)) return existing;
        var node = new Node(_nodes.Count, op, args, value, param, kind, dim0, dim1, CurrentSpan);
        _nodes.Add(node);
        _interned[key] = node;
        return node;
    }
}
