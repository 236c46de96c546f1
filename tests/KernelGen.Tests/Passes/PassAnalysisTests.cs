using System.Collections.Generic;
using KernelGen.Generator.Emit;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;
using KernelGen.Tests.Compiler;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>
/// What a pass's operator is made of, decided on the IR before any C# is written: the spans it loads, the values worth
/// a local, the scalars it takes from outside the loop (a division's inverse among them), the labels.
/// </summary>
public sealed class PassAnalysisTests
{
    [Fact]
    public void Softmax_normalization_loads_x_keeps_the_exp_and_takes_the_max_and_the_inverse_of_the_sum()
    {
        var b = new IrBuilder();
        var max = b.Max(b.X);
        var exp = b.Exp(b.Sub(b.X, max));
        var sum = b.Sum(exp);
        var pass = new PassStep(b.Dim);
        // As the schedules see it: the stop-gradient marker erased, and exp / sum rewritten to exp * (1 / sum).
        var normalized = new ScheduledGraph(b.G).Rewrite(b.Div(b.Exp(b.Sub(b.X, b.StopGrad(max))), b.Sum(b.Exp(b.Sub(b.X, b.StopGrad(max))))))!;
        pass.Items.Add(new WriteItem(new Target("result", Accumulate: false), normalized, new List<(Node, Node)>()));
        var analysis = PassAnalysis.Of(pass);

        Assert.Equal(new[] { b.X }, analysis.Loads);
        Assert.Equal(new[] { exp }, analysis.Locals);
        Assert.Equal(new[] { max, b.Div(b.C(1), sum) }, analysis.Scalars);
        Assert.Empty(analysis.Labels);
    }

    [Fact]
    public void A_value_an_earlier_pass_stashed_is_loaded_not_computed_again()
    {
        var b = new IrBuilder();
        var exp = b.Exp(b.X);
        var pass = new PassStep(b.Dim);
        pass.Stashed[exp] = new Target("result", Accumulate: false);
        pass.Items.Add(new ReduceItem(b.Sum(b.Mul(exp, b.Y))));
        var analysis = PassAnalysis.Of(pass);

        // Multiplication is commutative: the graph orders its operands, so the loads are compared as a set.
        Assert.Equal(new HashSet<Node> { exp, b.Y }, new HashSet<Node>(analysis.Loads));
        Assert.Empty(analysis.Locals);
        Assert.True(analysis.IsInlineProduct(b.Mul(exp, b.Y)));
    }

    [Fact]
    public void A_shared_subexpression_and_a_squared_one_get_locals_and_a_plain_product_does_not()
    {
        var b = new IrBuilder();
        var diff = b.Sub(b.X, b.Y);
        var pass = new PassStep(b.Dim);
        pass.Items.Add(new ReduceItem(b.Sum(b.Square(diff))));
        pass.Items.Add(new WriteItem(new Target("dx", Accumulate: false), b.Mul(diff, b.S), new List<(Node, Node)>()));
        var analysis = PassAnalysis.Of(pass);

        Assert.Equal(new[] { diff }, analysis.Locals);
        Assert.Equal(new[] { b.X, b.Y }, analysis.Loads);
        Assert.Equal(new[] { b.S }, analysis.Scalars);
        Assert.False(analysis.IsInlineProduct(diff));
    }

    [Fact]
    public void A_one_hot_inside_an_expression_brings_its_label()
    {
        var b = new IrBuilder();
        var label = b.G.Label(3, 0);
        var pass = new PassStep(b.Dim);
        pass.Items.Add(new ReduceItem(b.Sum(b.Mul(b.G.OneHot(label, b.Dim), b.X))));
        var analysis = PassAnalysis.Of(pass);

        Assert.Equal(new[] { label }, analysis.Labels);
    }
}
