using System.Linq;
using KernelGen.Generator.Autodiff;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Rewrites;
using Xunit;

namespace KernelGen.Tests.Compiler;

/// <summary>
/// Reverse mode on the IR directly: the adjoint of each primitive, and the simplified gradients the catalog relies on.
/// Nodes are hash-consed, so a gradient equal to the expected expression is the very same node.
/// </summary>
public sealed class ReverseModeTests
{
    private readonly IrBuilder _b = new();

    private Node?[] Gradients(Node root)
    {
        var seed = root.IsVector ? _b.G.Seed(ShapeKind.Vector, root.Dim0) : _b.G.Seed(ShapeKind.Scalar, -1);
        var (gradients, blocked) = ReverseMode.Differentiate(_b.G, root, seed, new Node?[] { _b.X, _b.Y, _b.S });
        Assert.Empty(blocked);
        var simplify = new RewriteEngine(_b.G, RuleSets.Simplify);
        return gradients.Select(g => g is null ? null : simplify.Rewrite(g)).ToArray();
    }

    [Fact]
    public void The_gradient_of_a_dot_product_is_the_other_vector_times_the_upstream_gradient()
    {
        var seed = _b.G.Seed(ShapeKind.Scalar, -1);
        var gradients = Gradients(_b.Sum(_b.Mul(_b.X, _b.Y)));
        Assert.Same(_b.Mul(_b.Y, seed), gradients[0]);
        Assert.Same(_b.Mul(_b.X, seed), gradients[1]);
        Assert.Null(gradients[2]);
    }

    [Fact]
    public void An_input_the_result_does_not_depend_on_gets_no_gradient()
    {
        var gradients = Gradients(_b.Sum(_b.Exp(_b.X)));
        Assert.NotNull(gradients[0]);
        Assert.Null(gradients[1]);
        Assert.Null(gradients[2]);
    }

    [Fact]
    public void A_stop_gradient_blocks_the_path_through_it()
    {
        // sum(x - stop(max(x))): the max contributes nothing, so d/dx is the upstream gradient in every element.
        var gradients = Gradients(_b.Sum(_b.Shifted(_b.X)));
        var dx = gradients[0]!;
        Assert.DoesNotContain(GraphWalk.Reachable(new[] { dx }), n => n.Op == Op.ReduceMax);
    }

    [Fact]
    public void The_cross_entropy_gradient_is_softmax_minus_the_one_hot_label()
    {
        // -log(softmax(x))[y] as the front end lowers it, stabilized: log-sum-exp of the shifted row minus x[y].
        var label = _b.G.Label(3, 0);
        var max = _b.StopGrad(_b.Max(_b.X));
        var sumExp = _b.Sum(_b.Exp(_b.Sub(_b.X, max)));
        var loss = _b.Sub(_b.Add(_b.Log(sumExp), max), _b.G.Gather(_b.X, label));
        var dx = Gradients(loss)[0]!;

        // The gradient reads the exps of the shifted row, divides by their sum, and takes a one-hot of the label:
        // softmax(x) - onehot(y), scaled by the upstream gradient; nothing else (no log, no second exp).
        var nodes = GraphWalk.Reachable(new[] { dx });
        Assert.Contains(nodes, n => n.Op == Op.OneHot && n.A == label);
        Assert.Contains(nodes, n => n.Op == Op.Div || (n.Op == Op.Mul && n.Args.Any(a => a == sumExp)));
        Assert.Single(nodes, n => n.Op == Op.Exp);
        Assert.DoesNotContain(nodes, n => n.Op == Op.Log);
    }
}
