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
    public void Binary_cross_entropy_from_its_definition_is_one_softplus_and_non_negative_terms()
    {
        // -(t log(sigmoid(z)) + (1 - t) log(1 - sigmoid(z))), with z = x and t = y.
        var p = _b.Sigmoid(_b.X);
        var bce = _b.Neg(_b.Add(_b.Mul(_b.Y, _b.Log(p)), _b.Mul(_b.Sub(_b.C(1), _b.Y), _b.Log(_b.Sub(_b.C(1), p)))));
        Assert.Same(StableBinaryCrossEntropy(), Stabilize(bce));
    }

    /// <summary>(1 - t) max(z, 0) + t max(-z, 0) + softplus(-|z|), with z = x and t = y: no term cancels another.</summary>
    private Node StableBinaryCrossEntropy()
    {
        var g = _b.G;
        var positive = _b.Mul(_b.Sub(_b.C(1), _b.Y), g.Binary(Op.Max, _b.X, _b.C(0)));
        var negative = _b.Mul(_b.Y, g.Binary(Op.Max, _b.Neg(_b.X), _b.C(0)));
        return _b.Add(_b.Add(positive, negative), _b.Softplus(_b.Neg(g.Unary(Op.Abs, _b.X))));
    }

    [Fact]
    public void Binary_cross_entropy_written_with_softplus_terms_is_one_softplus()
    {
        // log(1 + exp(-z)) t + log(1 + exp(z)) (1 - t): the form a user writes from the textbook.
        var bce = _b.Add(_b.Mul(_b.Log(_b.Add(_b.C(1), _b.Exp(_b.Neg(_b.X)))), _b.Y), _b.Mul(_b.Log(_b.Add(_b.C(1), _b.Exp(_b.X))), _b.Sub(_b.C(1), _b.Y)));
        Assert.Same(StableBinaryCrossEntropy(), Stabilize(bce));
    }

    [Fact]
    public void Log_of_two_exps_is_one_logaddexp()
    {
        Assert.Same(_b.G.Binary(Op.LogAddExp, _b.X, _b.Y), Stabilize(_b.Log(_b.Add(_b.Exp(_b.X), _b.Exp(_b.Y)))));
    }

    [Fact]
    public void Log_of_a_mixture_of_two_softmaxes_works_on_log_probabilities()
    {
        // log(0.5 (softmax(x) + softmax(y))) = log(0.5) + logaddexp(log-softmax(x), log-softmax(y)): no exp left
        // outside a max-shifted sum, so nothing that can overflow or underflow to log(0).
        var stable = Stabilize(_b.Log(_b.Mul(_b.C(0.5f), _b.Add(Softmax(_b.X), Softmax(_b.Y)))));
        Assert.Equal(Op.Add, stable.Op);
        Assert.Contains(Generator.Ir.GraphWalk.Reachable(new[] { stable }), n => n.Op == Op.LogAddExp);
        Assert.DoesNotContain(Generator.Ir.GraphWalk.Reachable(new[] { stable }), n => n.Op == Op.Log && n.A.Op == Op.Add);
    }

    [Fact]
    public void Log_of_a_ratio_of_probabilities_is_a_difference_of_log_probabilities()
    {
        var stable = Stabilize(_b.Log(_b.Div(Softmax(_b.X), Softmax(_b.Y))));
        Assert.DoesNotContain(Generator.Ir.GraphWalk.Reachable(new[] { stable }), n => n.Op == Op.Div && n.IsVector);
        // A positive ratio that is not of exps (1 + x^2 over 2 + x^2) is left alone: no 0 / 0 is possible.
        var plain = _b.Log(_b.Div(_b.Add(_b.C(1), _b.Square(_b.X)), _b.Add(_b.C(2), _b.Square(_b.X))));
        Assert.Equal(Op.Div, Stabilize(plain).A.Op);
    }

    [Fact]
    public void A_hand_written_log_softmax_subtracts_the_max_first()
    {
        var m = _b.StopGrad(_b.Max(_b.X));
        var expected = _b.Sub(_b.Sub(_b.X, m), _b.Log(_b.Sum(_b.Exp(_b.Sub(_b.X, m)))));
        Assert.Same(expected, Stabilize(_b.Sub(_b.X, _b.Log(_b.Sum(_b.Exp(_b.X))))));
    }

    [Fact]
    public void A_chain_of_log_add_exps_stays_linear_in_size()
    {
        // Written out as max(a, b) + softplus(-|a - b|), each link would read the previous one twice: 2^depth nodes.
        var chain = _b.X;
        for (int i = 0; i < 40; i++) chain = _b.Log(_b.Add(_b.Exp(chain), _b.Exp(_b.Y)));
        var stable = Stabilize(chain);
        Assert.InRange(Generator.Ir.GraphWalk.Reachable(new[] { stable }).Count, 40, 100);
    }

    private Node Softmax(Node v) => _b.Div(_b.Exp(v), _b.Sum(_b.Exp(v)));

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
