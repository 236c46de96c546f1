using System;
using System.Linq;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Scheduling;
using KernelGen.Tests.Compiler;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>
/// The scheduling decisions on the IR directly: how many passes a softmax takes in each schedule, the online max and
/// sum in one read, the exps kept for later passes in the cache-resident schedule, one-hot terms after the loop, and
/// which row lengths take which schedule.
/// </summary>
public sealed class SchedulerTests
{
    private static (IrBuilder B, Node Softmax) Softmax()
    {
        var b = new IrBuilder();
        var exp = b.Exp(b.Shifted(b.X));
        return (b, b.Div(exp, b.Sum(exp)));
    }

    private static Plan Schedule(IrBuilder b, Node vectorResult, bool cacheResident)
        => Scheduler.Schedule(b.G, null, new[] { new VectorOutput(vectorResult, vectorResult.Dim0, new Target("result", Accumulate: false)) },
            Array.Empty<(Node, string)>(), Array.Empty<MatrixOutput>(), cacheResident);

    [Fact]
    public void A_streaming_softmax_takes_two_passes_with_the_max_and_the_sum_in_one_read()
    {
        var (b, softmax) = Softmax();
        var plan = Schedule(b, softmax, cacheResident: false);
        Assert.Equal(2, plan.PassCount);
        var online = Assert.IsType<OnlineLogSumExpItem>(Assert.Single(plan.OnlinePass!.Items));
        Assert.Same(b.X, online.Value);
        Assert.Empty(plan.Steps.OfType<PassStep>().SelectMany(p => p.Stashed));
    }

    [Fact]
    public void A_cache_resident_softmax_takes_three_passes_and_keeps_each_exp_in_the_result()
    {
        var (b, softmax) = Softmax();
        var plan = Schedule(b, softmax, cacheResident: true);
        Assert.Equal(3, plan.PassCount);
        var passes = plan.Steps.OfType<PassStep>().ToList();
        Assert.Equal(Op.ReduceMax, Assert.IsType<ReduceItem>(Assert.Single(passes[0].Items)).Reduction.Op);
        Assert.Contains(passes[1].Items, item => item is WriteItem { IsStash: true, Target.Name: "result" });
        // The last pass reads the exps back instead of computing them again.
        Assert.Contains(passes[2].Stashed, pair => pair.Key.Op == Op.Exp && pair.Value.Name == "result");
    }

    [Fact]
    public void A_one_hot_term_is_applied_after_the_loop_not_computed_in_it()
    {
        var b = new IrBuilder();
        var label = b.G.Label(3, 0);
        var gradient = b.Sub(b.Exp(b.X), b.G.OneHot(label, b.Dim));
        var plan = Schedule(b, gradient, cacheResident: false);
        var write = plan.Steps.OfType<PassStep>().SelectMany(p => p.Items).OfType<WriteItem>().Single();
        Assert.Same(b.Exp(b.X), write.Value);
        var (termLabel, _) = Assert.Single(write.OneHotTerms);
        Assert.Same(label, termLabel);
    }

    [Fact]
    public void The_row_length_picks_the_schedule_at_run_time_unless_it_is_known()
    {
        var (b, softmax) = Softmax();
        var streaming = Schedule(b, softmax, cacheResident: false);
        var inCache = Schedule(b, softmax, cacheResident: true);
        var schedule = new KernelSchedule(b.G.Dims, isBatched: false, (streaming, inCache), (streaming, inCache), null, null);

        Assert.True(schedule.ChoosesAtRunTime);
        Assert.Equal(new[] { Residency.InCache, Residency.Streaming }, schedule.Rows(backward: false).Select(v => v.Residency));
        Assert.Same(inCache, schedule.Rows(backward: false)[0].Plan);

        // A length fixed at compile time decides then: 10 elements stay in cache; 2^21 do not.
        var small = new IrBuilder(size: 10);
        var smallSoftmax = Softmax(small);
        var known = new KernelSchedule(small.G.Dims, false, (Schedule(small, smallSoftmax, false), Schedule(small, smallSoftmax, true)),
            (Schedule(small, smallSoftmax, false), Schedule(small, smallSoftmax, true)), null, null);
        Assert.False(known.ChoosesAtRunTime);
        Assert.Equal(Residency.Only, Assert.Single(known.Rows(backward: false)).Residency);
        Assert.Equal(3, known.Rows(backward: false)[0].Plan.PassCount);
    }

    private static Node Softmax(IrBuilder b)
    {
        var exp = b.Exp(b.Shifted(b.X));
        return b.Div(exp, b.Sum(exp));
    }
}
