using System;
using System.Collections.Generic;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Splits a long expression (a sum of thousands of terms), scalar or element by element, into locals, bottom-up, so
/// that no statement holds more than <see cref="StatementSize"/> operations: the C# compiler rejects an expression
/// nested too deeply (CS8078), and no reader follows one that long anyway.
/// </summary>
internal static class LongExpressions
{
    /// <summary>Operations one statement may hold before a part of it goes into a local of its own.</summary>
    public const int StatementSize = 64;

    /// <summary>
    /// Of a pass's element expressions, listed operands first, the nodes to compute into locals: those
    /// <paramref name="chosen"/> picks (shared, or transcendental), and any node whose expression would hold more than
    /// <see cref="StatementSize"/> operations with its operands written inline. Kept in the order given, so every local
    /// is declared after the locals it reads.
    /// </summary>
    public static List<Node> Locals(IReadOnlyList<Node> operandsFirst, Func<Node, bool> chosen)
    {
        var locals = new List<Node>();
        var inlineSize = new Dictionary<Node, int>();
        foreach (var n in operandsFirst)
        {
            int size = 1;
            foreach (var a in n.Args)
                if (inlineSize.TryGetValue(StopGradient.Strip(a), out int operand)) size += operand;
            bool local = chosen(n) || size > StatementSize;
            if (local) locals.Add(n);
            inlineSize[n] = local ? 0 : size;
        }
        return locals;
    }

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
