using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Autodiff;

/// <summary>
/// Reverse-mode differentiation on the IR: one adjoint rule per primitive, adjoints summed where a value
/// is used more than once, scalar operands of broadcasts receiving the sum of their adjoint. The result is
/// plain IR again, so the rewrite pass simplifies it and the scheduler fuses it like any expression.
/// </summary>
internal sealed class ReverseMode
{
    private readonly Graph _g;
    private readonly Dictionary<Node, Node> _adjoint = new();
    private readonly HashSet<Node> _active = new();

    private ReverseMode(Graph graph) => _g = graph;

    /// <summary>Non-differentiable operations that a gradient would have to pass through.</summary>
    public List<(Op Op, SourceSpan Span)> Blocked { get; } = new();

    /// <summary>
    /// Differentiates <paramref name="root"/> with upstream gradient <paramref name="seed"/>; returns the
    /// gradient of each of <paramref name="inputs"/> (null where the result does not depend on it).
    /// </summary>
    public static (Node?[] Gradients, List<(Op Op, SourceSpan Span)> Blocked) Differentiate(Graph graph, Node root, Node seed, IReadOnlyList<Node?> inputs)
    {
        var ad = new ReverseMode(graph);
        var order = GraphWalk.Reachable(new[] { root });
        var inputSet = new HashSet<Node>(inputs.Where(i => i is not null)!);
        foreach (var node in order)
        {
            bool active = inputSet.Contains(node) || (node.Op != Op.StopGrad && node.Args.Any(ad._active.Contains));
            if (active) ad._active.Add(node);
        }

        ad._adjoint[root] = seed;
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (!ad._active.Contains(node) || !ad._adjoint.TryGetValue(node, out var g)) continue;
            ad.Propagate(node, g);
        }

        var gradients = inputs.Select(input => input is not null && ad._adjoint.TryGetValue(input, out var d) ? d : null).ToArray();
        return (gradients, ad.Blocked);
    }

    private Node _node = null!;

    private void Propagate(Node n, Node g)
    {
        var g_ = _g;
        _node = n;
        switch (n.Op)
        {
            case Op.Input:
            case Op.StopGrad:
                return;
            case Op.Neg:
                Accumulate(n.A, g_.Unary(Op.Neg, g));
                return;
            case Op.Add:
                Accumulate(n.A, g);
                Accumulate(n.B, g);
                return;
            case Op.Sub:
                Accumulate(n.A, g);
                Accumulate(n.B, g_.Unary(Op.Neg, g));
                return;
            case Op.Mul:
                Accumulate(n.A, g_.Binary(Op.Mul, g, n.B));
                Accumulate(n.B, g_.Binary(Op.Mul, g, n.A));
                return;
            case Op.Div:
                Accumulate(n.A, g_.Binary(Op.Div, g, n.B));
                Accumulate(n.B, g_.Unary(Op.Neg, g_.Binary(Op.Div, g_.Binary(Op.Mul, g, n), n.B)));
                return;
            case Op.Exp:
                Accumulate(n.A, g_.Binary(Op.Mul, g, n));
                return;
            case Op.Log:
                Accumulate(n.A, g_.Binary(Op.Div, g, n.A));
                return;
            // The stable ops' derivatives use only values that cannot overflow, and avoid 1 - s where s is
            // close to 1 (it would cancel to 0 while the true derivative is tiny but not zero):
            // softplus' = sigmoid(x); sigmoid' = s (1 - s) = s sigmoid(-x); expm1' = exp(x), not expm1(x) + 1;
            // tanh' = 1 - t^2 = (1 + |t|)(1 - |t|), with 1 - |t| = 2 sigmoid(-2|x|).
            case Op.Log1p:
                Accumulate(n.A, g_.Binary(Op.Div, g, g_.Binary(Op.Add, g_.Const(1), n.A)));
                return;
            case Op.Expm1:
                Accumulate(n.A, g_.Binary(Op.Mul, g, g_.Unary(Op.Exp, n.A)));
                return;
            case Op.Sigmoid:
                Accumulate(n.A, g_.Binary(Op.Mul, g, g_.Binary(Op.Mul, n, g_.Unary(Op.Sigmoid, g_.Unary(Op.Neg, n.A)))));
                return;
            case Op.Softplus:
                Accumulate(n.A, g_.Binary(Op.Mul, g, g_.Unary(Op.Sigmoid, n.A)));
                return;
            case Op.Tanh:
            {
                var oneMinus = g_.Binary(Op.Mul, g_.Const(2), g_.Unary(Op.Sigmoid, g_.Binary(Op.Mul, g_.Const(-2), g_.Unary(Op.Abs, n.A))));
                var onePlus = g_.Binary(Op.Add, g_.Const(1), g_.Unary(Op.Abs, n));
                Accumulate(n.A, g_.Binary(Op.Mul, g, g_.Binary(Op.Mul, onePlus, oneMinus)));
                return;
            }
            case Op.Abs:
                Accumulate(n.A, g_.Binary(Op.Mul, g, g_.Unary(Op.Sign, n.A)));
                return;
            case Op.Sqrt:
                Accumulate(n.A, g_.Binary(Op.Div, g, g_.Binary(Op.Mul, g_.Const(2), n)));
                return;
            case Op.Square:
                Accumulate(n.A, g_.Binary(Op.Mul, g, g_.Binary(Op.Mul, g_.Const(2), n.A)));
                return;
            case Op.LogAddExp:
                // d/da log(exp(a) + exp(b)) = exp(a) / (exp(a) + exp(b)) = sigmoid(a - b).
                Accumulate(n.A, g_.Binary(Op.Mul, g, g_.Unary(Op.Sigmoid, g_.Binary(Op.Sub, n.A, n.B))));
                Accumulate(n.B, g_.Binary(Op.Mul, g, g_.Unary(Op.Sigmoid, g_.Binary(Op.Sub, n.B, n.A))));
                return;
            case Op.Min:
            case Op.Max:
            {
                // The operand that was chosen gets the gradient; at a tie each gets half, so that max(x, c) + min(x, c) = x
                // has gradient 1 there (as ELU's two pieces, which meet at 0), not 2.
                var first = n.Op == Op.Max ? g_.Binary(Op.StepMask, n.A, n.B) : g_.Binary(Op.StepMask, n.B, n.A);
                Accumulate(n.A, g_.Binary(Op.Mul, g, first));
                Accumulate(n.B, g_.Binary(Op.Mul, g, g_.Binary(Op.Sub, g_.Const(1), first)));
                return;
            }
            case Op.Sum:
                Accumulate(n.A, g);
                return;
            case Op.ReduceMax:
            case Op.ReduceMin:
            {
                // Shared evenly by the elements that attain the extreme: with ties, any one of them moving
                // moves the result, and the pieces must add up to one gradient, not one per tie.
                var attains = g_.Binary(Op.EqualMask, n.A, n);
                Accumulate(n.A, g_.Binary(Op.Mul, g_.Binary(Op.Div, g, g_.Reduce(Op.Sum, attains)), attains));
                return;
            }
            case Op.Gather:
                Accumulate(n.A, g_.Binary(Op.Mul, g_.OneHot(n.B, n.A.Dim0), g));
                return;
            case Op.MatVec:
                Accumulate(n.A, g_.Outer(g, n.B, n.A.Dim0));
                Accumulate(n.B, g_.MatTVec(n.A, g));
                return;
            default:
                if (n.Op.IsPiecewiseConstant()) Blocked.Add((n.Op, n.Span));
                return;
        }
    }

    private void Accumulate(Node target, Node contribution)
    {
        if (!_active.Contains(target)) return;
        // A scalar operand of a vector operation was broadcast, so it receives the sum of its contribution
        // over the elements. The contribution may itself be a scalar standing for a broadcast vector (the
        // adjoint of a sum is the same for every element): then that sum is the scalar times the length.
        if (target.IsScalar && contribution.IsVector) contribution = _g.Reduce(Op.Sum, contribution);
        else if (target.IsScalar && _node.IsVector) contribution = _g.Binary(Op.Mul, contribution, _g.Length(_node.Dim0));
        _adjoint[target] = _adjoint.TryGetValue(target, out var existing) ? _g.Binary(Op.Add, existing, contribution) : contribution;
    }

}
