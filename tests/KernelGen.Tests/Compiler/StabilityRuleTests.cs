using KernelGen.Generator.Ir;
using KernelGen.Generator.Rewrites;
using Xunit;

namespace KernelGen.Tests.Compiler;

/// <summary>
/// Each stabilizing rule on the IR: the textbook form in, the stable form out. Nodes are hash-consed, so the
/// expected expression built in the same graph is the very same node when the rewrite is right.
/// </summary>
public sealed class StabilityRuleTests
{
    private readonly IrBuilder _b = new();

    private Node Stabilize(Node n) => new RewriteEngine(_b.G, RuleSets.Stabilize).Rewrite(n);

    [Fact]
    public void Log_of_one_plus_exp_is_softplus_in_either_operand_order()
    {
        Assert.Same(_b.Softplus(_b.X), Stabilize(_b.Log(_b.Add(_b.C(1), _b.Exp(_b.X)))));
        Assert.Same(_b.Softplus(_b.X), Stabilize(_b.Log(_b.Add(_b.Exp(_b.X), _b.C(1)))));
    }

    [Fact]
    public void Reciprocal_of_one_plus_exp_of_minus_x_is_sigmoid()
        => Assert.Same(_b.Sigmoid(_b.X), Stabilize(_b.Div(_b.C(1), _b.Add(_b.C(1), _b.Exp(_b.Neg(_b.X))))));

    [Fact]
    public void Exp_over_one_plus_exp_is_sigmoid()
        => Assert.Same(_b.Sigmoid(_b.X), Stabilize(_b.Div(_b.Exp(_b.X), _b.Add(_b.C(1), _b.Exp(_b.X)))));

    [Fact]
    public void A_numerator_other_than_one_multiplies_the_sigmoid()
        => Assert.Same(_b.Mul(_b.Y, _b.Sigmoid(_b.Neg(_b.X))), Stabilize(_b.Div(_b.Y, _b.Add(_b.C(1), _b.Exp(_b.X)))));

    [Fact]
    public void Log_of_sigmoid_is_minus_softplus_of_minus_x()
        => Assert.Same(_b.Neg(_b.Softplus(_b.Neg(_b.X))), Stabilize(_b.Log(_b.Sigmoid(_b.X))));

    [Fact]
    public void Log_of_one_minus_sigmoid_is_minus_softplus()
        => Assert.Same(_b.Neg(_b.Softplus(_b.X)), Stabilize(_b.Log(_b.Sub(_b.C(1), _b.Sigmoid(_b.X)))));

    [Fact]
    public void Log_of_one_plus_x_is_log1p_but_not_when_x_is_an_exp()
    {
        Assert.Same(_b.G.Unary(Op.Log1p, _b.Square(_b.X)), Stabilize(_b.Log(_b.Add(_b.C(1), _b.Square(_b.X)))));
        Assert.Equal(Op.Softplus, Stabilize(_b.Log(_b.Add(_b.C(1), _b.Exp(_b.Y)))).Op);
    }

    [Fact]
    public void Exp_minus_one_is_expm1_written_either_way()
    {
        Assert.Same(_b.G.Unary(Op.Expm1, _b.X), Stabilize(_b.Sub(_b.Exp(_b.X), _b.C(1))));
        Assert.Same(_b.G.Unary(Op.Expm1, _b.X), Stabilize(_b.Add(_b.C(-1), _b.Exp(_b.X))));
    }

    [Fact]
    public void Binary_cross_entropy_from_its_definition_is_softplus_minus_t_z()
    {
        // -(t log(sigmoid(z)) + (1 - t) log(1 - sigmoid(z))), with z = x and t = y.
        var p = _b.Sigmoid(_b.X);
        var bce = _b.Neg(_b.Add(_b.Mul(_b.Y, _b.Log(p)), _b.Mul(_b.Sub(_b.C(1), _b.Y), _b.Log(_b.Sub(_b.C(1), p)))));
        Assert.Same(_b.Sub(_b.Softplus(_b.X), _b.Mul(_b.Y, _b.X)), Stabilize(bce));
    }

    [Fact]
    public void Binary_cross_entropy_written_with_softplus_terms_is_one_softplus()
    {
        // log(1 + exp(-z)) t + log(1 + exp(z)) (1 - t): the form a user writes from the textbook.
        var bce = _b.Add(_b.Mul(_b.Log(_b.Add(_b.C(1), _b.Exp(_b.Neg(_b.X)))), _b.Y), _b.Mul(_b.Log(_b.Add(_b.C(1), _b.Exp(_b.X))), _b.Sub(_b.C(1), _b.Y)));
        Assert.Same(_b.Sub(_b.Softplus(_b.X), _b.Mul(_b.Y, _b.X)), Stabilize(bce));
    }

    [Fact]
    public void A_stable_form_is_left_as_it_is()
    {
        var stable = _b.Sub(_b.Softplus(_b.X), _b.Mul(_b.Y, _b.X));
        Assert.Same(stable, Stabilize(stable));
        Assert.Same(_b.Sigmoid(_b.X), Stabilize(_b.Sigmoid(_b.X)));
    }

    [Fact]
    public void Simplification_after_autodiff_does_not_undo_a_stable_form()
    {
        var simplify = new RewriteEngine(_b.G, RuleSets.Simplify);
        foreach (var stable in new[] { _b.Softplus(_b.X), _b.Sigmoid(_b.Neg(_b.X)), _b.G.Unary(Op.Log1p, _b.X), _b.G.Unary(Op.Expm1, _b.X), _b.Neg(_b.Softplus(_b.Neg(_b.X))) })
            Assert.Same(stable, simplify.Rewrite(stable));
    }
}
