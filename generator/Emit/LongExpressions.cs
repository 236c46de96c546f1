using System;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Splits a long scalar expression (a sum of thousands of terms) into locals, bottom-up, so that no statement holds more
/// than <see cref="StatementSize"/> operations: the C# compiler rejects an expression nested too deeply (CS8078), and no
/// reader follows one that long anyway.
/// </summary>
internal static class LongExpressions
{
    /// <summary>Operations one statement may hold before a part of it goes into a local of its own.</summary>
    public const int StatementSize = 64;

    /// <summary>
    /// Calls <paramref name="declare"/> on each part of <paramref name="node"/>'s operands that would make its statement
    /// too long, innermost first; <paramref name="declare"/> writes the local and records its name in
    /// <see cref="EmitContext.Scalars"/>, after which the part renders as that name.
    /// </summary>
    public static void SplitOperands(Node node, EmitContext ctx, Action<Node> declare)
    {
        foreach (var operand in StopGradient.Strip(node).Args) InlineSize(operand);

        int InlineSize(Node n)
        {
            n = StopGradient.Strip(n);
            if (ctx.Scalars.ContainsKey(n) || !n.IsScalar || !n.Op.IsElementwise()) return 1;
            int size = 1;
            foreach (var a in n.Args) size += InlineSize(a);
            if (size <= StatementSize) return size;
            declare(n);
            return 1;
        }
    }
}
