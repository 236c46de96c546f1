using System;

namespace KernelGen.Training;

/// <summary>
/// Seeded minibatches over a dataset: a fresh shuffle each epoch (the same for the same seed and epoch),
/// every example once per epoch, and the last, partial batch kept. Rows are copied into buffers allocated
/// once, so a training step allocates nothing.
/// </summary>
public sealed class Minibatches
{
    private readonly int[] _order;
    private readonly int _seed;

    /// <summary>Batches of <paramref name="batchSize"/> over <paramref name="count"/> examples.</summary>
    public Minibatches(int count, int batchSize, int seed)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "There are no examples to batch.");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch needs at least one example.");
        _order = new int[count];
        BatchSize = batchSize;
        _seed = seed;
    }

    /// <summary>Examples per batch (the last batch of an epoch may have fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch, counting the last partial one.</summary>
    public int BatchesPerEpoch => (_order.Length + BatchSize - 1) / BatchSize;

    /// <summary>Shuffles for <paramref name="epoch"/>; the order depends only on the seed and the epoch.</summary>
    public void Shuffle(int epoch)
    {
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        var random = new Random(unchecked(_seed * 1_000_003 + epoch));
        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }

    /// <summary>The example indices of batch <paramref name="batch"/> of the current epoch.</summary>
    public ReadOnlySpan<int> Indices(int batch)
    {
        int start = batch * BatchSize;
        return _order.AsSpan(start, Math.Min(BatchSize, _order.Length - start));
    }
}
