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
    /// <paramref name="chosen"/> picks (shared, or transcendental), and, wherever a node's expression would hold more
    /// than <see cref="StatementSize"/> operations with its operands written inline, its largest operands. Returned in
    /// the order given, so every local is declared after the locals it reads.
    /// </summary>
    public static List<Node> Locals(IReadOnlyList<Node> operandsFirst, Func<Node, bool> chosen)
    {
        var locals = new HashSet<Node>();
        var inlineSize = new Dictionary<Node, int>();
        foreach (var n in operandsFirst)
        {
            if (chosen(n)) locals.Add(n);
            int size = Size(n);
            while (size > StatementSize && LargestInline(n) is { } operand)
            {
                locals.Add(operand);
                inlineSize[operand] = 0;
                size = Size(n);
            }
            inlineSize[n] = locals.Contains(n) ? 0 : size;
        }
        var ordered = new List<Node>();
        foreach (var n in operandsFirst)
            if (locals.Contains(n)) ordered.Add(n);
        return ordered;

        int Size(Node n)
        {
            int size = 1;
            foreach (var a in n.Args)
                if (inlineSize.TryGetValue(a, out int operand)) size += operand;
            return size;
        }

        Node? LargestInline(Node n)
        {
            Node? largest = null;
            foreach (var a in n.Args)
            {
                if (inlineSize.TryGetValue(a, out int size) && size > 0 && (largest is null || size > inlineSize[largest])) largest = a;
            }
            return largest;
        }
    }

    /// <summary>
    /// Declares as locals of type <paramref name="type"/> (<c>float</c>, or a vector when eight rows go across the lanes)
    /// the parts of <paramref name="node"/>'s per-row expression that would make a statement hold more than
    /// <see cref="StatementSize"/> operations (the largest operands of any node that would), innermost first. Each is
    /// written with <paramref name="render"/> and recorded in <see cref="EmitContext.Scalars"/>, after which it renders
    /// as its name. The node itself is never declared.
    /// </summary>
    public static void SplitOperands(Node node, EmitContext ctx, CodeWriter writer, string type, Func<Node, Expr> render)
    {
        InlineSize(node);

        int InlineSize(Node n)
        {
            if (ctx.Scalars.ContainsKey(n) || !n.IsScalar || !n.Op.IsElementwise()) return 1;
            var operands = new List<(Node Node, int Size)>();
            foreach (var a in n.Args)
            {
                operands.Add((a, InlineSize(a)));
            }
            int size = 1;
            foreach (var o in operands) size += o.Size;
            // Largest first: the fewest locals that bring the statement within the limit.
            operands.Sort((p, q) => q.Size.CompareTo(p.Size));
            foreach (var o in operands)
            {
                if (size <= StatementSize) break;
                if (o.Size <= 1 || ctx.Scalars.ContainsKey(o.Node)) continue;
                string name = ctx.Fresh("part");
                writer.Line($"{type} {name} = {render(o.Node).Text};");
                ctx.Scalars[o.Node] = name;
                size -= o.Size - 1;
            }
            return size;
        }
    }
}
