using System;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Writes one primitive as C#, for floats or for <c>Vector256&lt;float&gt;</c>. Float code calls the same
/// <c>VectorMath.Exp/Log</c> as the vector code, so the tail of a row agrees with its vectorized body.
/// </summary>
internal static class OpFormatter
{
    /// <summary>The op on floats.</summary>
    public static Expr Scalar(Op op, Expr[] a) => Format(op, a, vector: null);

    /// <summary>The op on <c>Vector256&lt;float&gt;</c>, spelled for the target's vector API.</summary>
    public static Expr Vector(Op op, Expr[] a, VectorApi api) => Format(op, a, api);

    /// <summary>
    /// The op on a row operator's lanes (<c>T : ILanes&lt;T&gt;</c>): one expression for the eight elements of the vector
    /// loop and for the one element of the tail.
    /// </summary>
    public static Expr Lanes(Op op, Expr[] a, string lanes) => op switch
    {
        Op.StopGrad => a[0],
        Op.Neg => new Expr("-" + a[0].At(Expr.Atom), Expr.Unary),
        Op.Square => a[0].Precedence == Expr.Atom
            ? new Expr(a[0].Text + " * " + a[0].Text, Expr.Multiplicative)
            : new Expr("(" + a[0].Text + ") * (" + a[0].Text + ")", Expr.Multiplicative),
        Op.Add => Infix(a[0], " + ", a[1], Expr.Additive),
        Op.Sub => Infix(a[0], " - ", a[1], Expr.Additive),
        Op.Mul => Infix(a[0], " * ", a[1], Expr.Multiplicative),
        Op.Div => Infix(a[0], " / ", a[1], Expr.Multiplicative),
        Op.Exp or Op.Log or Op.Log1p or Op.Expm1 or Op.Sigmoid or Op.Softplus or Op.Tanh or Op.LogAddExp or Op.Abs or Op.Sqrt
            or Op.Floor or Op.Sign or Op.Min or Op.Max or Op.GreaterOrEqualMask or Op.StepMask or Op.EqualMask => Call(lanes + "." + op, a),
        _ => throw new InvalidOperationException("not an elementwise op: " + op),
    };

    private static Expr Format(Op op, Expr[] a, VectorApi? vector) => op switch
    {
        Op.StopGrad => a[0],
        Op.Neg => new Expr("-" + a[0].At(Expr.Atom), Expr.Unary),
        Op.Exp => Call(RuntimeNames.VectorMath + ".Exp", a),
        Op.Log => Call(RuntimeNames.VectorMath + ".Log", a),
        Op.Log1p => Call(RuntimeNames.VectorMath + ".Log1p", a),
        Op.Expm1 => Call(RuntimeNames.VectorMath + ".Expm1", a),
        Op.Sigmoid => Call(RuntimeNames.VectorMath + ".Sigmoid", a),
        Op.Softplus => Call(RuntimeNames.VectorMath + ".Softplus", a),
        Op.Tanh => Call(RuntimeNames.VectorMath + ".Tanh", a),
        Op.Abs => Call(vector is null ? $"{BclNames.MathF}.Abs" : $"{BclNames.Vector256}.Abs", a),
        Op.Sqrt => Call(vector is null ? $"{BclNames.MathF}.Sqrt" : $"{BclNames.Vector256}.Sqrt", a),
        Op.Square => a[0].Precedence == Expr.Atom
            ? new Expr(a[0].Text + " * " + a[0].Text, Expr.Multiplicative)
            : Call(RuntimeNames.KernelMath + ".Square", a),
        Op.Floor => Call(vector is null ? $"{BclNames.MathF}.Floor" : $"{BclNames.Vector256}.Floor", a),
        // MathF.Sign throws on NaN; KernelMath.Sign gives 0, as the vector form does.
        Op.Sign => Call(RuntimeNames.KernelMath + ".Sign", a),
        Op.Add => Infix(a[0], " + ", a[1], Expr.Additive),
        Op.Sub => Infix(a[0], " - ", a[1], Expr.Additive),
        Op.Mul => Infix(a[0], " * ", a[1], Expr.Multiplicative),
        Op.Div => Infix(a[0], " / ", a[1], Expr.Multiplicative),
        Op.LogAddExp => Call(RuntimeNames.VectorMath + ".LogAddExp", a),
        Op.Min => Call(vector is null ? $"{BclNames.MathF}.Min" : vector.Min, a),
        Op.Max => Call(vector is null ? $"{BclNames.MathF}.Max" : vector.Max, a),
        Op.GreaterOrEqualMask => vector is not null ? Call(RuntimeNames.KernelMath + ".GreaterOrEqualMask", a) : Expr.Atomic("(" + a[0].Text + " >= " + a[1].Text + " ? 1f : 0f)"),
        Op.StepMask => vector is not null ? Call(RuntimeNames.KernelMath + ".StepMask", a) : Expr.Atomic("(" + a[0].Text + " > " + a[1].Text + " ? 1f : " + a[0].Text + " == " + a[1].Text + " ? 0.5f : 0f)"),
        Op.EqualMask => vector is not null ? Call(RuntimeNames.KernelMath + ".EqualMask", a) : Expr.Atomic("(" + a[0].Text + " == " + a[1].Text + " ? 1f : 0f)"),
        _ => throw new InvalidOperationException("not an elementwise op: " + op),
    };

    private static Expr Call(string function, Expr[] args)
        => Expr.Atomic(function + "(" + string.Join(", ", Array.ConvertAll(args, a => a.Text)) + ")");

    /// <summary>Left-associative infix: the right operand is parenthesized at equal precedence, keeping the evaluation order the graph states.</summary>
    private static Expr Infix(Expr left, string op, Expr right, int precedence)
        => new(left.At(precedence) + op + right.At(precedence + 1), precedence);
}
