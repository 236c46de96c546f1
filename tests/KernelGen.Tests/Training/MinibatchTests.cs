using System.Linq;
using KernelGen.Training;
using Xunit;

namespace KernelGen.Tests.Training;

public sealed class MinibatchTests
{
    [Fact]
    public void Every_example_once_per_epoch_with_the_last_partial_batch_kept()
    {
        var batches = new Minibatches(count: 1000, batchSize: 256, seed: 7);
        Assert.Equal(4, batches.BatchesPerEpoch);
        batches.Shuffle(0);
        var sizes = Enumerable.Range(0, 4).Select(b => batches.Indices(b).Length).ToArray();
        Assert.Equal(new[] { 256, 256, 256, 232 }, sizes);
        var all = Enumerable.Range(0, 4).SelectMany(b => batches.Indices(b).ToArray()).OrderBy(i => i);
        Assert.Equal(Enumerable.Range(0, 1000), all);
    }

    [Fact]
    public void Shuffles_depend_only_on_seed_and_epoch()
    {
        var a = new Minibatches(500, 64, seed: 3);
        var b = new Minibatches(500, 64, seed: 3);
        a.Shuffle(2);
        b.Shuffle(2);
        Assert.Equal(a.Indices(0).ToArray(), b.Indices(0).ToArray());
        b.Shuffle(3);
        Assert.NotEqual(a.Indices(0).ToArray(), b.Indices(0).ToArray());
        var c = new Minibatches(500, 64, seed: 4);
        c.Shuffle(2);
        Assert.NotEqual(a.Indices(0).ToArray(), c.Indices(0).ToArray());
    }
}
