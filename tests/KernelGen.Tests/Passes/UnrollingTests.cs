using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;
using KernelGen.Tests.Compiler;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>
/// The unrolling policy on the IR: passes stay four vectors per iteration unless their core could not hold the
/// copies, and then the heaviest go one vector at a time first.
/// </summary>
public sealed class UnrollingTests
{
    private static PassStep Reducing(IrBuilder b, Node reduction, int number)
    {
        var pass = new PassStep(b.Dim) { PassNumber = number };
        pass.Items.Add(new ReduceItem(reduction));
        return pass;
    }

    [Fact]
    public void A_max_and_a_sum_of_exps_stay_unrolled()
    {
        var b = new IrBuilder();
        var plan = new Plan();
        plan.Steps.Add(Reducing(b, b.Max(b.X), 1));
        plan.Steps.Add(Reducing(b, b.Sum(b.Exp(b.Sub(b.X, b.S))), 2));
        Unrolling.Apply(plan);

        Assert.All(plan.Steps, step => Assert.False(((PassStep)step).OneVectorAtATime));
    }

    [Fact]
    public void Each_transcendental_function_weighs_a_dozen_nodes_in_every_copy()
    {
        var b = new IrBuilder();
        var plain = Unrolling.Measure(Reducing(b, b.Sum(b.Mul(b.X, b.Y)), 1));
        var exp = Unrolling.Measure(Reducing(b, b.Sum(b.Exp(b.Mul(b.X, b.Y))), 1));

        Assert.Equal((plain.Nodes + 1, 1), exp);
        Assert.Equal(6 * 12 + 6, Unrolling.Weight(exp, oneVectorAtATime: false) - Unrolling.Weight(plain, oneVectorAtATime: false));
        Assert.True(Unrolling.Weight(exp, oneVectorAtATime: true) < Unrolling.Weight(exp, oneVectorAtATime: false));
    }

    [Fact]
    public void A_core_over_the_budget_takes_its_heaviest_pass_out_of_unrolling_first()
    {
        // A focal-loss-like pass (two sigmoids and two softpluses per element) between two light ones.
        var b = new IrBuilder();
        var heavy = b.Sum(b.Add(b.Mul(b.Sigmoid(b.X), b.Softplus(b.X)), b.Mul(b.Sigmoid(b.Neg(b.X)), b.Softplus(b.Neg(b.X)))));
        var plan = new Plan();
        plan.Steps.Add(Reducing(b, b.Max(b.X), 1));
        plan.Steps.Add(Reducing(b, heavy, 2));
        plan.Steps.Add(Reducing(b, b.Sum(b.Mul(b.X, b.Y)), 3));
        Unrolling.Apply(plan);

        Assert.False(((PassStep)plan.Steps[0]).OneVectorAtATime);
        Assert.True(((PassStep)plan.Steps[1]).OneVectorAtATime);
        Assert.False(((PassStep)plan.Steps[2]).OneVectorAtATime);
    }
}
