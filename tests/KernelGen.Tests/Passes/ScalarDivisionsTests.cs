using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;
using KernelGen.Tests.Compiler;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>The rewrite the schedules are built on: a vector divided by a scalar as a multiply by its inverse.</summary>
public sealed class ScalarDivisionsTests
{
    [Fact]
    public void A_vector_over_a_scalar_becomes_a_multiply_by_the_inverse()
    {
        var b = new IrBuilder();
        var rewritten = new ScheduledGraph(b.G).Rewrite(b.Div(b.X, b.S))!;

        Assert.Same(b.Mul(b.X, b.Div(b.C(1), b.S)), rewritten);
        Assert.True(ScalarDivisions.IsDivision(rewritten, out var dividend, out var divisor));
        Assert.Same(b.X, dividend);
        Assert.Same(b.S, divisor);
    }

    [Fact]
    public void Divisions_by_a_vector_and_between_scalars_stay_divisions()
    {
        var b = new IrBuilder();
        var divisions = new ScheduledGraph(b.G);
        var byVector = b.Div(b.X, b.Y);
        var betweenScalars = b.Div(b.Sum(b.X), b.S);
        var scalarOverVector = b.Div(b.S, b.X);

        Assert.Same(byVector, divisions.Rewrite(byVector));
        Assert.Same(betweenScalars, divisions.Rewrite(betweenScalars));
        Assert.Same(scalarOverVector, divisions.Rewrite(scalarOverVector));
    }

    [Fact]
    public void A_division_inside_a_reduction_is_rewritten_and_the_reduction_rebuilt_once()
    {
        var b = new IrBuilder();
        var divisions = new ScheduledGraph(b.G);
        var sum = b.Sum(b.Div(b.Exp(b.X), b.S));
        var rewritten = divisions.Rewrite(sum)!;

        Assert.Equal(Op.Sum, rewritten.Op);
        Assert.Same(b.Mul(b.Exp(b.X), b.Div(b.C(1), b.S)), rewritten.A);
        // The same node again (shared by a gradient, say) maps to the same rewritten node.
        Assert.Same(rewritten, divisions.Rewrite(sum));
    }

    [Fact]
    public void An_expression_thousands_deep_is_rewritten_without_exhausting_the_stack()
    {
        var b = new IrBuilder();
        var node = b.X;
        for (int k = 0; k < 20000; k++) node = b.Add(b.Div(node, b.S), b.Y);
        var rewritten = new ScheduledGraph(b.G).Rewrite(node)!;

        int divisions = 0;
        for (var n = rewritten; n.Op == Op.Add;)
        {
            // Addition commutes, and the graph orders its operands: the division is whichever is not y.
            var term = n.A == b.Y ? n.B : n.A;
            Assert.True(ScalarDivisions.IsDivision(term, out var dividend, out var divisor));
            Assert.Same(b.S, divisor);
            divisions++;
            n = dividend;
        }
        Assert.Equal(20000, divisions);
    }
}
