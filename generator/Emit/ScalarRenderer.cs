using System;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Renders scalar values in straight-line code: named locals by name, everything else inline. A gather
/// evaluates its vector expression at one index only (z[y], or exp(z[y] - max)).
/// </summary>
internal sealed class ScalarRenderer
{
    private readonly EmitContext _ctx;

    public ScalarRenderer(EmitContext ctx) => _ctx = ctx;

    public Expr Scalar(Node n)
    {
        if (_ctx.Scalars.TryGetValue(n, out var name)) return Expr.Atomic(name);
        switch (n.Op)
        {
            case Op.Const:
                return n.Value < 0 ? new Expr(EmitContext.Literal(n.Value), Expr.Unary) : Expr.Atomic(EmitContext.Literal(n.Value));
            case Op.Input:
                return Expr.Atomic(_ctx.ParamName(n.Param));
            case Op.Seed:
                return Expr.Atomic("gradScale");
            case Op.Length:
                return Expr.Atomic("(float)" + _ctx.DimName(n.Param));
            case Op.Gather:
                return AtIndex(n.A, _ctx.LabelText(n.B));
            default:
                if (n.Op.IsElementwise()) return OpFormatter.Scalar(n.Op, n.Args.Select(Scalar).ToArray());
                throw new InvalidOperationException($"scalar {n.Op} has no value here (it should have been computed by a pass)");
        }
    }

    /// <summary>Element <paramref name="index"/> of vector expression <paramref name="v"/>.</summary>
    public Expr AtIndex(Node v, string index)
    {
        if (v.IsScalar) return Scalar(v);
        switch (v.Op)
        {
            case Op.Input:
            case Op.Seed:
            case Op.MatVec:
            case Op.MatTVec:
                return Expr.Atomic(_ctx.SourceOf(v) + "[" + index + "]");
            case Op.OneHot:
                return Expr.Atomic("(" + index + " == " + _ctx.LabelText(v.A) + " ? 1f : 0f)");
            // One element of a division the schedules turned into a multiply by the inverse: divided, as written.
            case Op.Mul when ScalarDivisions.IsDivision(v, out var dividend, out var divisor):
                return OpFormatter.Scalar(Op.Div, new[] { AtIndex(dividend, index), Scalar(divisor) });
            default:
                if (v.Op.IsElementwise()) return OpFormatter.Scalar(v.Op, v.Args.Select(a => AtIndex(a, index)).ToArray());
                throw new InvalidOperationException($"cannot index {v.Op}");
        }
    }
}
