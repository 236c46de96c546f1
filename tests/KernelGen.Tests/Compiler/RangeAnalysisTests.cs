using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Ranges;
using Xunit;

namespace KernelGen.Tests.Compiler;

/// <summary>The range analysis per primitive: the bound it derives, the flags it carries, and the hazards it finds.</summary>
public sealed class RangeAnalysisTests
{
    private readonly IrBuilder _b = new();
    private readonly RangeAnalysis _ranges;

    public RangeAnalysisTests() => _ranges = new RangeAnalysis(_b.G.Dims);

    private Interval Value(Node n) => _ranges.Of(n).Value;

    private HazardKind[] Hazards(Node root)
    {
        _ranges.Of(root);
        return GraphWalk.Reachable(new[] { root }).SelectMany(n => _ranges.HazardsAt(n)).Select(h => h.Kind).ToArray();
    }

    [Fact]
    public void Inputs_are_any_finite_float_and_constants_are_points()
    {
        Assert.Equal(-float.MaxValue, Value(_b.X).Lo);
        Assert.Equal(float.MaxValue, Value(_b.X).Hi);
        Assert.Equal(2.5, Value(_b.C(2.5f)).Lo);
        Assert.Equal(2.5, Value(_b.C(2.5f)).Hi);
    }

    [Fact]
    public void A_value_minus_its_row_max_is_at_most_zero()
    {
        var info = _ranges.Of(_b.Shifted(_b.X));
        Assert.Equal(0, info.Value.Hi);
        Assert.Equal("shifted by the row max", info.Why);
        // The exp of it cannot overflow, and the sum of those exps is at least 1.
        Assert.False(_ranges.Of(_b.Exp(_b.Shifted(_b.X))).CanOverflow);
        var sum = _ranges.Of(_b.Sum(_b.Exp(_b.Shifted(_b.X))));
        Assert.Equal(1, sum.Value.Lo);
        Assert.False(sum.CanUnderflow);
    }

    [Fact]
    public void Shifted_minus_a_non_negative_scalar_is_still_at_most_zero()
    {
        var lse = _b.Add(_b.StopGrad(_b.Max(_b.X)), _b.Log(_b.Sum(_b.Exp(_b.Shifted(_b.X)))));
        Assert.Equal(0, Value(_b.Sub(_b.X, lse)).Hi);
    }

    [Fact]
    public void Plain_interval_arithmetic_loses_the_relation_x_minus_y_is_unbounded()
    {
        var d = Value(_b.Sub(_b.X, _b.Y));
        Assert.True(d.Lo < -1e38 && d.Hi > 1e38);
    }

    [Fact]
    public void Exp_of_an_unbounded_argument_can_overflow_and_underflow()
    {
        var info = _ranges.Of(_b.Exp(_b.X));
        Assert.True(info.CanOverflow);
        Assert.True(info.CanUnderflow);
        Assert.True(info.Value.ExcludesZero);
        Assert.Equal(0, info.Value.Lo);
    }

    [Fact]
    public void Exp_of_minus_a_square_is_in_zero_one()
    {
        var info = _ranges.Of(_b.Exp(_b.Neg(_b.Square(_b.X))));
        Assert.False(info.CanOverflow);
        Assert.Equal(1, info.Value.Hi);
    }

    [Fact]
    public void Sigmoid_softplus_and_tanh_have_their_ranges()
    {
        var s = Value(_b.Sigmoid(_b.X));
        Assert.True(s.Lo >= 0 && s.Hi <= 1 && s.ExcludesZero);
        Assert.True(Value(_b.Softplus(_b.X)).Lo >= 0);
        var t = Value(_b.G.Unary(Op.Tanh, _b.X));
        Assert.True(t.Lo >= -1 && t.Hi <= 1);
        Assert.False(_ranges.Of(_b.Sigmoid(_b.X)).CanOverflow);
        Assert.True(_ranges.Of(_b.Sigmoid(_b.X)).CanUnderflow);
    }

    [Fact]
    public void Log1p_and_sqrt_of_non_negative_arguments_are_finite_from_below()
    {
        Assert.Equal(0, Value(_b.G.Unary(Op.Log1p, _b.Square(_b.X))).Lo);
        Assert.Equal(0, Value(_b.G.Unary(Op.Sqrt, _b.Square(_b.X))).Lo);
        Assert.Equal(1, Value(_b.Add(_b.C(1), _b.Square(_b.X))).Lo);
    }

    [Fact]
    public void Division_by_a_value_bounded_away_from_zero_is_bounded()
    {
        var q = Value(_b.Div(_b.C(1), _b.Add(_b.C(1), _b.Square(_b.X))));
        Assert.InRange(q.Lo, 0, 1e-70);
        Assert.Equal(1, q.Hi);
        Assert.True(q.ExcludesZero);
        var unbounded = Value(_b.Div(_b.C(1), _b.X));
        Assert.True(double.IsNegativeInfinity(unbounded.Lo) && double.IsPositiveInfinity(unbounded.Hi));
    }

    [Fact]
    public void Min_and_max_combine_bounds_and_infinities()
    {
        Assert.Equal(0, Value(_b.G.Binary(Op.Max, _b.X, _b.C(0))).Lo);
        Assert.Equal(80, Value(_b.G.Binary(Op.Min, _b.X, _b.C(80))).Hi);
        // min(exp(x), 1) cannot be +inf; max(exp(x), 1) can.
        Assert.False(_ranges.Of(_b.G.Binary(Op.Min, _b.Exp(_b.X), _b.C(1))).CanOverflow);
        Assert.True(_ranges.Of(_b.G.Binary(Op.Max, _b.Exp(_b.X), _b.C(1))).CanOverflow);
        Assert.False(_ranges.Of(_b.Exp(_b.G.Binary(Op.Min, _b.X, _b.C(80)))).CanOverflow);
    }

    [Fact]
    public void Reductions_gathers_and_stop_gradient_keep_the_operands_range()
    {
        var bounded = _b.Sigmoid(_b.X);
        Assert.Equal(Value(bounded).Hi, Value(_b.Max(bounded)).Hi);
        Assert.Equal(Value(bounded).Hi, Value(_b.G.Gather(bounded, _b.G.Label(3, 0))).Hi);
        Assert.Equal(Value(bounded).Lo, Value(_b.StopGrad(bounded)).Lo);
        Assert.Equal(0, Value(_b.Sum(bounded)).Lo);
        Assert.True(Value(_b.Sum(bounded)).Hi > 1e9);
    }

    [Fact]
    public void Matrix_vector_products_carry_an_overflow_of_their_operands()
    {
        var dims = _b.G.Dims;
        var w = _b.G.Input(3, ShapeKind.Matrix, dims.New(), _b.X.Dim0);
        var z = _b.G.MatVec(w, _b.Exp(_b.X));
        Assert.True(_ranges.Of(z).CanOverflow);
        Assert.Contains(HazardKind.InfinityTimesZero, Hazards(z));
    }

    [Fact]
    public void The_log_of_an_overflowed_exp_is_a_hazard_and_the_exp_itself_is_not()
    {
        Assert.Empty(Hazards(_b.Exp(_b.X)));
        Assert.Empty(Hazards(_b.Sum(_b.Exp(_b.X))));
        Assert.Contains(HazardKind.OverflowShrunk, Hazards(_b.Log(_b.Add(_b.Exp(_b.X), _b.Exp(_b.Y)))));
        Assert.Contains(HazardKind.LogOfUnderflow, Hazards(_b.Log(_b.Sum(_b.Exp(_b.X)))));
        Assert.Contains(HazardKind.OverflowShrunk, Hazards(_b.G.Unary(Op.Sqrt, _b.Exp(_b.X))));
    }

    [Fact]
    public void Infinity_times_zero_minus_infinity_and_over_infinity_are_hazards()
    {
        Assert.Contains(HazardKind.InfinityTimesZero, Hazards(_b.Mul(_b.Exp(_b.X), _b.Y)));
        Assert.DoesNotContain(HazardKind.InfinityTimesZero, Hazards(_b.Mul(_b.Exp(_b.X), _b.C(2))));
        Assert.Contains(HazardKind.InfinityMinusInfinity, Hazards(_b.Sub(_b.Exp(_b.X), _b.Exp(_b.Y))));
        Assert.DoesNotContain(HazardKind.InfinityMinusInfinity, Hazards(_b.Add(_b.Exp(_b.X), _b.Exp(_b.Y))));
        Assert.Contains(HazardKind.InfinityOverInfinity, Hazards(_b.Div(_b.Exp(_b.X), _b.Sum(_b.Exp(_b.X)))));
        Assert.Contains(HazardKind.DivisionByUnderflow, Hazards(_b.Div(_b.Y, _b.Exp(_b.X))));
    }

    [Fact]
    public void The_naive_sigmoid_is_fine_forward_and_hazardous_backward()
    {
        var e = _b.Exp(_b.Neg(_b.X));
        var sigmoid = _b.Div(_b.C(1), _b.Add(_b.C(1), e));
        Assert.Empty(Hazards(sigmoid));
        // Its adjoint, e * (1 / (1 + e)^2): inf * 0 where x is far below 0.
        var denominator = _b.Add(_b.C(1), e);
        var adjoint = _b.Mul(e, _b.Div(_b.C(1), _b.Mul(denominator, denominator)));
        Assert.Contains(HazardKind.InfinityTimesZero, Hazards(adjoint));
    }

    [Fact]
    public void The_stable_softmax_and_log_softmax_have_no_hazard()
    {
        var e = _b.Exp(_b.Shifted(_b.X));
        var s = _b.Sum(e);
        Assert.Empty(Hazards(_b.Div(e, s)));
        Assert.Empty(Hazards(_b.Sub(_b.Shifted(_b.X), _b.Log(s))));
        Assert.True(Value(_b.Log(s)).Lo >= 0);
    }

    [Fact]
    public void Softplus_and_its_gradient_sigmoid_have_no_hazard()
    {
        Assert.Empty(Hazards(_b.Softplus(_b.X)));
        Assert.Empty(Hazards(_b.Mul(_b.Y, _b.Sigmoid(_b.X))));
        Assert.Empty(Hazards(_b.Neg(_b.Softplus(_b.Neg(_b.X)))));
    }
}
