using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;
using KernelGen.Tests.Compiler;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>The other rewrite the schedules are built on: stop-gradient markers, which only autodiff reads, erased.</summary>
public sealed class StopGradientErasureTests
{
    [Fact]
    public void A_shifted_softmax_is_scheduled_as_the_plain_expression()
    {
        var b = new IrBuilder();
        var exp = b.Exp(b.Shifted(b.X));
        var rewritten = new ScheduledGraph(b.G).Rewrite(b.Div(exp, b.Sum(exp)))!;

        // exp(x - max(x)) * (1 / sum(exp(x - max(x)))), the nodes one would build without the marker.
        var plain = b.Exp(b.Sub(b.X, b.Max(b.X)));
        Assert.Same(b.Mul(plain, b.Div(b.C(1), b.Sum(plain))), rewritten);
    }

    [Fact]
    public void No_marker_is_left_anywhere_below_the_roots_even_nested()
    {
        var b = new IrBuilder();
        var nested = b.StopGrad(b.StopGrad(b.Max(b.X)));
        var root = b.Sum(b.Mul(b.Exp(b.Sub(b.X, nested)), b.StopGrad(b.Y)));
        var rewritten = new ScheduledGraph(b.G).Rewrite(root)!;

        Assert.DoesNotContain(GraphWalk.Reachable(new[] { rewritten }), n => n.Op == Op.StopGrad);
        Assert.Same(b.Sum(b.Mul(b.Exp(b.Sub(b.X, b.Max(b.X))), b.Y)), rewritten);
    }

    [Fact]
    public void A_graph_without_markers_or_divisions_is_left_as_it_is()
    {
        var b = new IrBuilder();
        var root = b.Sum(b.Exp(b.Mul(b.X, b.Y)));
        Assert.Same(root, new ScheduledGraph(b.G).Rewrite(root));
    }
}
