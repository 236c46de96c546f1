using System;
using System.Collections.Generic;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Rewrites;

/// <summary>Small structural matchers shared by the rules. Commutative nodes keep their operands in id order, so matchers try both.</summary>
internal static class Patterns
{
    /// <summary>x when <paramref name="node"/> is <c>1 + x</c> (either order) and x has the sum's shape; otherwise null.</summary>
    public static Node? OnePlus(Node node)
        => node.Op == Op.Add && OtherThan(node, c => c.IsConst(1)) is { } x && x.Kind == node.Kind ? x : null;

    /// <summary>The operand of binary <paramref name="node"/> other than one that <paramref name="isThis"/> accepts, or null.</summary>
    public static Node? OtherThan(Node node, Func<Node, bool> isThis)
        => isThis(node.A) ? node.B : isThis(node.B) ? node.A : null;

    /// <summary>Both orders of a commutative node's operands.</summary>
    public static IEnumerable<(Node First, Node Second)> Operands(Node node)
    {
        yield return (node.A, node.B);
        yield return (node.B, node.A);
    }
}
