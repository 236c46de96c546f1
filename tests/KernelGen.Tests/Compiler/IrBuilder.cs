using KernelGen.Generator.Ir;

namespace KernelGen.Tests.Compiler;

/// <summary>A graph with two vector inputs x, y (one dimension) and a scalar s, for tests of the stages on the IR.</summary>
internal sealed class IrBuilder
{
    /// <param name="size">The length of x and y when it is known at compile time; -1 when the caller passes it.</param>
    public IrBuilder(int size = -1)
    {
        var dims = new Dims();
        G = new Graph(dims);
        int dim = dims.New(size);
        X = G.Input(0, ShapeKind.Vector, dim, -1);
        Y = G.Input(1, ShapeKind.Vector, dim, -1);
        S = G.Input(2, ShapeKind.Scalar, -1, -1);
        Dim = dim;
    }

    /// <summary>The dimension of x and y.</summary>
    public int Dim { get; }

    /// <summary>Vector input number <paramref name="param"/> (3 and up; 0 is x, 1 is y) of x's dimension.</summary>
    public Node Vector(int param) => G.Input(param, ShapeKind.Vector, Dim, -1);

    public Graph G { get; }
    public Node X { get; }
    public Node Y { get; }
    public Node S { get; }

    public Node C(float value) => G.Const(value);
    public Node Exp(Node a) => G.Unary(Op.Exp, a);
    public Node Log(Node a) => G.Unary(Op.Log, a);
    public Node Neg(Node a) => G.Unary(Op.Neg, a);
    public Node Sigmoid(Node a) => G.Unary(Op.Sigmoid, a);
    public Node Softplus(Node a) => G.Unary(Op.Softplus, a);
    public Node Square(Node a) => G.Unary(Op.Square, a);
    public Node Add(Node a, Node b) => G.Binary(Op.Add, a, b);
    public Node Sub(Node a, Node b) => G.Binary(Op.Sub, a, b);
    public Node Mul(Node a, Node b) => G.Binary(Op.Mul, a, b);
    public Node Div(Node a, Node b) => G.Binary(Op.Div, a, b);
    public Node Sum(Node a) => G.Reduce(Op.Sum, a);
    public Node Max(Node a) => G.Reduce(Op.ReduceMax, a);
    public Node StopGrad(Node a) => G.Unary(Op.StopGrad, a);
    public Node Shifted(Node v) => Sub(v, StopGrad(Max(v)));
}
