using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Prints IR as the math a reader expects in the remarks: <c>m + log(s) - z[y]</c> with the row max and the
/// shifted sum of exponentials named once in a where-clause.
/// </summary>
internal sealed class MathPrinter
{
    private readonly EmitContext _ctx;
    private readonly Dictionary<Node, string> _named = new();

    private readonly bool _useLocalNames;

    /// <param name="ctx">Names of parameters and, with <paramref name="useLocalNames"/>, of the locals already computed.</param>
    /// <param name="useLocalNames">Print a value the code holds in a local by that local's name (for comments beside the code).</param>
    public MathPrinter(EmitContext ctx, bool useLocalNames = false)
    {
        _ctx = ctx;
        _useLocalNames = useLocalNames;
    }

    /// <summary>Definitions of the names used so far, e.g. "m = max(z), with no gradient through it".</summary>
    public List<string> Definitions { get; } = new();

    /// <summary>True once a printed expression used H, the step of a Max or Min gradient.</summary>
    public bool UsesStep { get; private set; }

    public string Print(Node n) => Expr(n).Text;

    private Expr Expr(Node n)
    {
        if (_named.TryGetValue(n, out var name)) return Emit.Expr.Atomic(name);
        if (_useLocalNames && _ctx.Scalars.TryGetValue(StopGradient.Strip(n), out var local)) return Emit.Expr.Atomic(local);
        switch (n.Op)
        {
            case Op.StopGrad when n.A.Op == Op.ReduceMax:
                return Name(n, "m", $"max({Print(n.A.A)})", ", held constant for the gradient (softmax and log-sum-exp do not depend on it)");
            case Op.StopGrad when n.A.Op == Op.ReduceMin:
                return Name(n, "m", $"min({Print(n.A.A)})", ", held constant for the gradient (softmax and log-sum-exp do not depend on it)");
            case Op.StopGrad when Rewrites.ScaledShift.SignChoice(n.A) is { } sign:
                return Name(n, "m", $"max({Print(sign.U)}) if {Print(sign.Scale)} >= 0, else min({Print(sign.U)})", ", held constant for the gradient (the shift that keeps every scaled exponent at most 0)");
            case Op.Sum when n.A.Op == Op.Exp && (n.A.A.Op == Op.Sub && n.A.A.B.Op == Op.StopGrad || Rewrites.ScaledShift.IsShifted(n.A.A)):
                return Name(n, "s", $"sum({Print(n.A)})", "");
            case Op.Input:
                return Emit.Expr.Atomic(_ctx.ParamName(n.Param));
            case Op.Seed:
                return Emit.Expr.Atomic(n.IsScalar ? "gradScale" : "dResult");
            case Op.Const:
                return Emit.Expr.Atomic(n.Value.ToString("R", CultureInfo.InvariantCulture));
            case Op.Label:
                return Emit.Expr.Atomic(_ctx.LabelText(n));
            case Op.Length:
                return Emit.Expr.Atomic("n");
            case Op.Gather:
                return Emit.Expr.Atomic(Expr(n.A).At(Emit.Expr.Atom) + "[" + _ctx.LabelText(n.B) + "]");
            case Op.OneHot:
                return Emit.Expr.Atomic($"onehot({_ctx.LabelText(n.A)})");
            case Op.MatVec:
                return new Expr(Print(n.A) + " * " + Expr(n.B).At(Emit.Expr.Atom), Emit.Expr.Multiplicative);
            case Op.MatTVec:
                return new Expr(Print(n.A) + "ᵀ * " + Expr(n.B).At(Emit.Expr.Atom), Emit.Expr.Multiplicative);
            case Op.Outer:
                return new Expr(Expr(n.A).At(Emit.Expr.Atom) + " * " + Expr(n.B).At(Emit.Expr.Atom) + "ᵀ", Emit.Expr.Multiplicative);
            case Op.Add when n.Kind == ShapeKind.Matrix:
                return new Expr(Print(n.A) + " + " + Print(n.B), Emit.Expr.Additive);
            case Op.Neg:
                return new Expr("-" + Expr(n.A).At(Emit.Expr.Atom), Emit.Expr.Unary);
            case Op.Add:
                return Infix(n, " + ", Emit.Expr.Additive);
            case Op.Sub:
                return Infix(n, " - ", Emit.Expr.Additive);
            // A division the schedules turned into a multiply by the inverse reads as the division it was.
            case Op.Mul when Scheduling.ScalarDivisions.IsDivision(n, out var dividend, out var divisor):
                return new Expr(Expr(dividend).At(Emit.Expr.Multiplicative) + " / " + Expr(divisor).At(Emit.Expr.Multiplicative + 1), Emit.Expr.Multiplicative);
            case Op.Mul:
                return Infix(n, " * ", Emit.Expr.Multiplicative);
            case Op.Div:
                return Infix(n, " / ", Emit.Expr.Multiplicative);
            case Op.GreaterOrEqualMask:
                return Emit.Expr.Atomic($"[{Print(n.A)} >= {Print(n.B)}]");
            case Op.StepMask:
                UsesStep = true;
                return Emit.Expr.Atomic($"H({Print(n.A)} - {Print(n.B)})");
            case Op.EqualMask:
                return Emit.Expr.Atomic($"[{Print(n.A)} == {Print(n.B)}]");
            case Op.StopGrad:
                return Emit.Expr.Atomic($"stopgrad({Print(n.A)})");
            default:
                string fn = n.Op switch { Op.ReduceMax => "max", Op.ReduceMin => "min", Op.Sum => "sum", _ => n.Op.ToString().ToLowerInvariant() };
                return Emit.Expr.Atomic(fn + "(" + string.Join(", ", n.Args.Select(Print)) + ")");
        }
    }

    private Expr Name(Node n, string stem, string definition, string note)
    {
        string name = stem;
        for (int k = 2; _named.ContainsValue(name); k++) name = stem + k;
        _named[n] = name;
        Definitions.Add($"{name} = {definition}{note}");
        return Emit.Expr.Atomic(name);
    }

    private Expr Infix(Node n, string op, int precedence)
        => new(Expr(n.A).At(precedence) + op + Expr(n.B).At(precedence + 1), precedence);
}
