using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;
using KernelGen.Tests.Compiler;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>
/// How Scheduling keeps a pass within one driver call's 16 spans, on the IR directly: a pass that fits is left alone;
/// an expression over more inputs has parts computed into temporaries first; a pass with more items than fit runs
/// as several; and a value read back from a span is read before the span is written over.
/// </summary>
public sealed class PassWidthTests
{
    private static int _temporaries;

    private static Target NewTemporary() => new("part" + _temporaries++, Accumulate: false);

    /// <summary>v3 + v4 + ... : a left-deep sum of <paramref name="count"/> distinct vector inputs.</summary>
    private static Node SumOfInputs(IrBuilder b, int count)
    {
        Node sum = b.Vector(3);
        for (int k = 1; k < count; k++) sum = b.Add(sum, b.Mul(b.Vector(3 + k), b.S));
        return sum;
    }

    private static int Streams(PassStep pass)
    {
        var streams = new HashSet<object>();
        foreach (var item in pass.Items)
        {
            var value = item switch { ReduceItem r => r.Reduction.A, WriteItem w => w.Value, _ => null };
            if (value is not null) streams.UnionWith(PassWidth.Leaves(value, pass.Stashed));
            if (item is WriteItem write) streams.Add(write.Target.Name);
        }
        return streams.Count;
    }

    [Fact]
    public void A_pass_within_the_limit_is_left_as_it_is()
    {
        var b = new IrBuilder();
        var pass = new PassStep(b.Dim);
        pass.Items.Add(new ReduceItem(b.Sum(SumOfInputs(b, 15))));
        var (passes, temporaries) = PassWidth.Split(pass, NewTemporary);
        Assert.Single(passes);
        Assert.Empty(temporaries);
        Assert.Same(pass.Items[0], passes[0].Items[0]);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    [InlineData(100)]
    public void A_reduction_over_more_inputs_reads_parts_from_temporaries_and_no_pass_exceeds_the_limit(int inputs)
    {
        var b = new IrBuilder();
        var sum = b.Sum(SumOfInputs(b, inputs));
        var pass = new PassStep(b.Dim);
        pass.Items.Add(new ReduceItem(sum));
        var (passes, temporaries) = PassWidth.Split(pass, NewTemporary);

        Assert.All(passes, p => Assert.True(Streams(p) <= PassWidth.MaxStreams, $"{Streams(p)} streams"));
        // Every temporary is written by one pass before the passes that read it, and the reduction is last.
        Assert.Equal(temporaries.Count + 1, passes.Count);
        for (int k = 0; k < temporaries.Count; k++)
        {
            var write = Assert.IsType<WriteItem>(Assert.Single(passes[k].Items));
            Assert.Same(temporaries[k], write.Target);
        }
        Assert.Same(pass.Items[0], Assert.Single(passes[^1].Items));
        // Between them the passes still read every input.
        var read = passes.SelectMany(p => p.Items).SelectMany(i => PassWidth.Leaves(i is WriteItem w ? w.Value! : ((ReduceItem)i).Reduction.A, new Dictionary<Node, Target>()))
            .Where(n => n.Op == Op.Input).Select(n => n.Param).Distinct().Count();
        Assert.Equal(inputs, read);
    }

    [Fact]
    public void A_pass_with_more_writes_than_fit_runs_as_several_passes_in_order()
    {
        var b = new IrBuilder();
        var pass = new PassStep(b.Dim);
        for (int k = 0; k < 20; k++) pass.Items.Add(new WriteItem(new Target("d" + k, Accumulate: false), b.Mul(b.Vector(3 + k), b.S), new List<(Node, Node)>()));
        var (passes, temporaries) = PassWidth.Split(pass, NewTemporary);

        Assert.Empty(temporaries);
        Assert.True(passes.Count >= 3);
        Assert.All(passes, p => Assert.True(Streams(p) <= PassWidth.MaxStreams));
        Assert.Equal(pass.Items, passes.SelectMany(p => p.Items));
    }

    [Fact]
    public void A_split_pass_reads_a_stashed_value_before_writing_over_its_span()
    {
        var b = new IrBuilder();
        var exp = b.Exp(b.X);
        var pass = new PassStep(b.Dim);
        pass.Stashed[exp] = new Target("result", Accumulate: false);
        // The write into result comes first in the pass, but reads of exp (kept in result) must run before it.
        pass.Items.Add(new WriteItem(new Target("result", Accumulate: false), b.Mul(exp, b.S), new List<(Node, Node)>()));
        for (int k = 0; k < 20; k++) pass.Items.Add(new WriteItem(new Target("d" + k, Accumulate: false), b.Mul(exp, b.Vector(3 + k)), new List<(Node, Node)>()));
        var (passes, _) = PassWidth.Split(pass, NewTemporary);

        Assert.True(passes.Count > 1);
        var last = passes[^1];
        Assert.Contains(pass.Items[0], last.Items);
        Assert.All(passes.Take(passes.Count - 1), p => Assert.DoesNotContain(pass.Items[0], p.Items));
    }
}
