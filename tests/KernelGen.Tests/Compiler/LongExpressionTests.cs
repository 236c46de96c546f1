using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Emit;
using KernelGen.Generator.Ir;
using Xunit;

namespace KernelGen.Tests.Compiler;

/// <summary>
/// Where a long element expression is cut into locals, on the IR directly: every statement stays within the limit,
/// the nodes the analysis already chose stay locals, and locals keep the order operands-first, so each is declared
/// before it is read.
/// </summary>
public sealed class LongExpressionTests
{
    /// <summary>x*1 + x*2 + ... + x*n, left-deep as the front end builds a sum, with its nodes listed operands first.</summary>
    private static (List<Node> OperandsFirst, Node Root) Chain(IrBuilder b, int terms)
    {
        var order = new List<Node>();
        Node sum = b.Mul(b.X, b.C(1));
        order.Add(sum);
        for (int i = 2; i <= terms; i++)
        {
            var term = b.Mul(b.X, b.C(i));
            order.Add(term);
            sum = b.Add(sum, term);
            order.Add(sum);
        }
        return (order, sum);
    }

    /// <summary>The operations each node's statement holds, its operands inline unless they are locals.</summary>
    private static Dictionary<Node, int> StatementSizes(List<Node> order, HashSet<Node> locals)
    {
        var inline = new Dictionary<Node, int>();
        var statement = new Dictionary<Node, int>();
        foreach (var n in order)
        {
            int size = 1 + n.Args.Sum(a => inline.TryGetValue(a, out int s) ? s : 0);
            statement[n] = size;
            inline[n] = locals.Contains(n) ? 0 : size;
        }
        return statement;
    }

    [Fact]
    public void A_short_expression_gets_no_extra_local()
    {
        var (order, _) = Chain(new IrBuilder(), 20);
        Assert.Empty(LongExpressions.Locals(order, _ => false));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(300)]
    [InlineData(3000)]
    public void Every_statement_of_a_long_sum_stays_within_the_limit(int terms)
    {
        var (order, root) = Chain(new IrBuilder(), terms);
        var locals = LongExpressions.Locals(order, _ => false);
        var set = locals.ToHashSet();
        var sizes = StatementSizes(order, set);

        // The root's own statement and every local's definition are within the limit.
        Assert.All(locals.Append(root), n => Assert.InRange(sizes[n], 1, LongExpressions.StatementSize));
        // Cut no more often than needed: each local holds more than half the limit (the chain adds two nodes a term).
        int total = 2 * terms - 1;
        Assert.InRange(locals.Count, (total - 1) / LongExpressions.StatementSize, total / (LongExpressions.StatementSize / 2) + 1);
        // Declared in the order given: operands first.
        Assert.Equal(order.Where(set.Contains), locals);
    }

    [Fact]
    public void Nodes_the_analysis_chose_stay_locals_and_reset_the_count()
    {
        var (order, _) = Chain(new IrBuilder(), 200);
        var chosen = order.Where((_, i) => i % 50 == 25).ToHashSet();
        var locals = LongExpressions.Locals(order, chosen.Contains);
        Assert.Subset(locals.ToHashSet(), chosen);
        var sizes = StatementSizes(order, locals.ToHashSet());
        Assert.All(locals, n => Assert.InRange(sizes[n], 1, LongExpressions.StatementSize));
    }
}
