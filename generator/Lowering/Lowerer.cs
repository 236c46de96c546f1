using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Lowering;

/// <summary>
/// Builds the IR graph from the front end's nodes and replaces every composite by primitives, written the
/// textbook way (softmax as exp(x) / sum(exp(x))). Making them numerically stable is the rewrite pass's job,
/// so a user who writes the naive formula by hand gets the same stable code as one who calls Softmax.
/// </summary>
internal static class Lowerer
{
    public static LoweredKernel Lower(KernelSpec spec)
    {
        var dims = new Dims();
        var graph = new Graph(dims) { ParamName = i => spec.Parameters[i].Name };
        int count = spec.Parameters.Count;
        var parameterNodes = new Node?[count];
        var rowDims = new int[count];
        var columnDims = new int[count];
        for (int i = 0; i < count; i++)
        {
            var p = spec.Parameters[i];
            graph.CurrentSpan = p.Span;
            rowDims[i] = p.Kind is ParamKind.Vector or ParamKind.Matrix ? dims.New(p.DeclaredRows) : -1;
            columnDims[i] = p.Kind == ParamKind.Matrix ? dims.New(p.DeclaredColumns) : -1;
            parameterNodes[i] = p.Kind switch
            {
                ParamKind.Vector => graph.Input(i, ShapeKind.Vector, rowDims[i], -1),
                ParamKind.Matrix => graph.Input(i, ShapeKind.Matrix, rowDims[i], columnDims[i]),
                ParamKind.Scalar => graph.Input(i, ShapeKind.Scalar, -1, -1),
                _ => null,
            };
        }

        // A matrix in anything but w * x is read element by element, as one vector of rows x columns floats.
        var flatNodes = new Node?[count];
        Node Elements(Node n)
        {
            if (n.Op != Op.Input || n.Kind != ShapeKind.Matrix) return n;
            if (flatNodes[n.Param] is { } known) return known;
            var p = spec.Parameters[n.Param];
            int size = p.DeclaredRows >= 0 && p.DeclaredColumns >= 0 ? p.DeclaredRows * p.DeclaredColumns : -1;
            return flatNodes[n.Param] = graph.Input(n.Param, ShapeKind.Vector, dims.New(size), -1);
        }

        var built = new Node[spec.Nodes.Count];
        for (int i = 0; i < built.Length; i++)
        {
            var n = spec.Nodes[i];
            graph.CurrentSpan = n.Span;
            Node A() => n.Op == Op.MatVec ? built[n.A] : Elements(built[n.A]);
            Node B() => Elements(built[n.B]);
            built[i] = n.Op switch
            {
                Op.Input => parameterNodes[n.Param]!,
                Op.Label => graph.Label(n.Param, n.Param < 0 ? n.Value : 0),
                Op.Const => graph.Const(n.Value),
                Op.Mean => Mean(graph, A()),
                Op.Dot => graph.Reduce(Op.Sum, graph.Binary(Op.Mul, A(), B())),
                Op.Softmax => Softmax(graph, A()),
                Op.LogSoftmax => graph.Unary(Op.Log, Softmax(graph, A())),
                Op.LogSumExp => graph.Unary(Op.Log, graph.Reduce(Op.Sum, graph.Unary(Op.Exp, A()))),
                Op.Softmin => Softmax(graph, graph.Unary(Op.Neg, A())),
                Op.CrossEntropyLabel => graph.Unary(Op.Neg, graph.Gather(graph.Unary(Op.Log, Softmax(graph, A())), B())),
                Op.CrossEntropySoft => graph.Unary(Op.Neg, graph.Reduce(Op.Sum, graph.Binary(Op.Mul, B(), graph.Unary(Op.Log, Softmax(graph, A()))))),
                Op.Nll => graph.Unary(Op.Neg, graph.Gather(A(), B())),
                Op.Mse => Mean(graph, graph.Unary(Op.Square, graph.Binary(Op.Sub, A(), B()))),
                Op.Huber => Huber(graph, A(), B(), Elements(built[n.C])),
                Op.Relu => graph.Binary(Op.Max, A(), graph.Const(0)),
                Op.LogSigmoid => graph.Unary(Op.Log, graph.Unary(Op.Sigmoid, A())),
                Op.BinaryCrossEntropy => BinaryCrossEntropy(graph, A(), B()),
                Op.Gather => graph.Gather(A(), B()),
                Op.MatVec => graph.MatVec(A(), B()),
                _ when n.Op.IsReduction() => graph.Reduce(n.Op, A()),
                _ when n.Op.IsElementwiseUnary() => graph.Unary(n.Op, A()),
                _ when n.Op.IsElementwiseBinary() => graph.Binary(n.Op, A(), B()),
                _ => throw new System.InvalidOperationException("The front end produced " + n.Op),
            };
        }

        return new LoweredKernel(spec, graph, built[spec.Root], parameterNodes, rowDims, columnDims) { ElementNodes = flatNodes };
    }

    private static Node Softmax(Graph g, Node x)
    {
        var e = g.Unary(Op.Exp, x);
        return g.Binary(Op.Div, e, g.Reduce(Op.Sum, e));
    }

    private static Node Mean(Graph g, Node x)
        => x.IsVector ? g.Binary(Op.Div, g.Reduce(Op.Sum, x), g.Length(x.Dim0)) : g.Reduce(Op.Sum, x);

    /// <summary>
    /// Binary cross-entropy of logits z against targets t, from its definition:
    /// -(t log(sigmoid(z)) + (1 - t) log(1 - sigmoid(z))), averaged. The rewrites make it (1 - t) max(z, 0) + t max(-z, 0) + softplus(-|z|).
    /// </summary>
    private static Node BinaryCrossEntropy(Graph g, Node z, Node t)
    {
        var p = g.Unary(Op.Sigmoid, z);
        var positive = g.Binary(Op.Mul, t, g.Unary(Op.Log, p));
        var negative = g.Binary(Op.Mul, g.Binary(Op.Sub, g.Const(1), t), g.Unary(Op.Log, g.Binary(Op.Sub, g.Const(1), p)));
        var loss = g.Unary(Op.Neg, g.Binary(Op.Add, positive, negative));
        return loss.IsVector ? Mean(g, loss) : loss;
    }

    /// <summary>Huber as min/abs arithmetic: with a = |r| and q = min(a, delta), h = q^2/2 + delta (a - q).</summary>
    private static Node Huber(Graph g, Node prediction, Node target, Node delta)
    {
        var a = g.Unary(Op.Abs, g.Binary(Op.Sub, prediction, target));
        var q = g.Binary(Op.Min, a, delta);
        var h = g.Binary(Op.Add, g.Binary(Op.Mul, g.Const(0.5f), g.Unary(Op.Square, q)), g.Binary(Op.Mul, delta, g.Binary(Op.Sub, a, q)));
        return Mean(g, h);
    }
}
