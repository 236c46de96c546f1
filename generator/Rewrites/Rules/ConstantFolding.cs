using System;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites.Rules;

/// <summary>Elementwise operations on constants are computed at compile time.</summary>
internal sealed class ConstantFolding : RewriteRule
{
    public override string Name => "constant-folding";

    public override string Reason => "operations on constants are computed once, at compile time";

    public override Node? Apply(Node node, Graph graph)
    {
        if (node.Op.IsElementwiseUnary() && node.A.Op == Op.Const && node.Op != Op.StopGrad)
        {
            float a = node.A.Value;
            float? r = node.Op switch
            {
                Op.Neg => -a,
                Op.Exp => (float)Math.Exp(a),
                Op.Log => (float)Math.Log(a),
                Op.Log1p => (float)Math.Log(1 + (double)a),
                Op.Expm1 => (float)(Math.Exp(a) - 1),
                Op.Sigmoid => (float)(1 / (1 + Math.Exp(-(double)a))),
                Op.Softplus => (float)(Math.Max(a, 0) + Math.Log(1 + Math.Exp(-Math.Abs((double)a)))),
                Op.Tanh => (float)Math.Tanh(a),
                Op.Abs => Math.Abs(a),
                Op.Sqrt => (float)Math.Sqrt(a),
                Op.Square => a * a,
                Op.Floor => (float)Math.Floor(a),
                Op.Sign => a > 0 ? 1 : a < 0 ? -1 : 0,
                _ => null,
            };
            // An infinite result is not folded: exp(90f) as +inf would make log(exp(90f)) +inf instead of 90.
            return r is { } value && !float.IsNaN(value) && !float.IsInfinity(value) ? graph.Const(value) : null;
        }
        if (node.Op == Op.StopGrad && node.A.Op == Op.Const) return node.A;
        if (node.Op.IsElementwiseBinary() && node.A.Op == Op.Const && node.B.Op == Op.Const)
        {
            float a = node.A.Value, b = node.B.Value;
            float? r = node.Op switch
            {
                Op.Add => a + b,
                Op.Sub => a - b,
                Op.Mul => a * b,
                Op.Div => b != 0 ? a / b : null,
                Op.Min => Math.Min(a, b),
                Op.Max => Math.Max(a, b),
                Op.LogAddExp => (float)(Math.Max(a, b) + Math.Log(1 + Math.Exp(-Math.Abs((double)a - b)))),
                _ => null,
            };
            return r is { } value && !float.IsNaN(value) && !float.IsInfinity(value) ? graph.Const(value) : null;
        }
        return null;
    }
}
