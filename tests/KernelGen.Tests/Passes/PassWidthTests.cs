using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;
using KernelGen.Tests.Compiler;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>
/// How Scheduling keeps a pass within one driver call's spans (PassWidth.MaxStreams), on the IR directly: a pass that fits is left alone;
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
            if (value is not null)
                foreach (var leaf in PassWidth.Leaves(value, pass.Stashed)) streams.Add(pass.Stashed.TryGetValue(leaf, out var kept) ? kept.Name : leaf);
            if (item is WriteItem write) streams.Add(write.Target.Name);
        }
        return streams.Count;
    }

    [Fact]
    public void A_pass_within_the_limit_is_left_as_it_is()
    {
        var b = new IrBuilder();
        var pass = new PassStep(b.Dim);
        pass.Items.Add(new ReduceItem(b.Sum(SumOfInputs(b, PassWidth.MaxStreams - 1))));
        var (passes, temporaries) = PassWidth.Split(pass, NewTemporary);
        Assert.Single(passes);
        Assert.Empty(temporaries);
        Assert.Same(pass.Items[0], passes[0].Items[0]);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
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
    public void A_span_read_back_and_written_again_counts_once()
    {
        // Softmax-like: exp kept in result, dx and dy by earlier passes, read back and written over here.
        var b = new IrBuilder();
        var pass = new PassStep(b.Dim);
        var kept = new[] { b.Exp(b.X), b.Exp(b.Y), b.Exp(b.Vector(3)) };
        string[] spans = ["result", "dx", "dy"];
        for (int k = 0; k < 3; k++) pass.Stashed[kept[k]] = new Target(spans[k], Accumulate: false);
        for (int k = 0; k < 3; k++)
            pass.Items.Add(new WriteItem(new Target(spans[k], Accumulate: false), b.Mul(b.Mul(kept[0], kept[1]), b.Mul(kept[2], b.Vector(4 + k))), new List<(Node, Node)>()));
        var (passes, temporaries) = PassWidth.Split(pass, NewTemporary);

        // x, y, v3 are not read (their exps are); result, dx, dy and v4..v6: six spans, one pass.
        Assert.Single(passes);
        Assert.Empty(temporaries);
    }

    [Fact]
    public void A_split_pass_first_copies_the_values_it_reads_back_from_spans_it_writes()
    {
        var b = new IrBuilder();
        var exp = b.Exp(b.X);
        var pass = new PassStep(b.Dim);
        pass.Stashed[exp] = new Target("result", Accumulate: false);
        pass.Items.Add(new WriteItem(new Target("result", Accumulate: false), b.Mul(exp, b.S), new List<(Node, Node)>()));
        for (int k = 0; k < 20; k++) pass.Items.Add(new WriteItem(new Target("d" + k, Accumulate: false), b.Mul(exp, b.Vector(3 + k)), new List<(Node, Node)>()));
        var (passes, temporaries) = PassWidth.Split(pass, NewTemporary);

        // The copy comes first and reads exp where it was kept; every part after it reads the copy.
        var copy = Assert.IsType<WriteItem>(Assert.Single(passes[0].Items));
        Assert.Same(exp, copy.Value);
        Assert.Equal("result", passes[0].Stashed[exp].Name);
        Assert.Contains(copy.Target, temporaries);
        Assert.All(passes.Skip(1), p => Assert.Same(copy.Target, p.Stashed[exp]));
        Assert.All(passes, p => Assert.True(Streams(p) <= PassWidth.MaxStreams));
        Assert.Equal(pass.Items, passes.Skip(1).SelectMany(p => p.Items));
    }
}
