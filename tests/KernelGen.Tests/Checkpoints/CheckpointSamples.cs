using System;
using KernelGen.Checkpoints;

namespace KernelGen.Tests.Checkpoints;

/// <summary>Checkpoints with awkward but legal values, for round-trip and corruption tests.</summary>
internal static class CheckpointSamples
{
    public static readonly CheckpointMetadata Metadata = new()
    {
        EpochsTrained = 17,
        LearningRate = 0.1 + 0.2, // not a "round" double: must survive bit for bit
        Seed = -8_765_432_101_234L,
        TrainAccuracy = 0.93251666666666671,
        TestAccuracy = double.NaN, // not measured: metadata may say so
        CreatedUtc = new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc).AddTicks(1234567),
        Note = "lr sweep → 0.3, batch 64; ünïcödé & \"quotes\"\n2nd line",
    };

    public static Checkpoint Create(int features = 7, int classes = 3, int seed = 42)
    {
        var random = new Random(seed);
        var weights = new float[features * classes];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (float)(random.NextDouble() * 2 - 1);
        // Values whose bits a careless format would lose.
        weights[0] = -0f;
        weights[1] = float.Epsilon;
        weights[2] = float.MaxValue;
        weights[^1] = -float.MinValue / 3;
        var bias = new float[classes];
        for (int i = 0; i < bias.Length; i++)
            bias[i] = (float)(random.NextDouble() - 0.5);
        return new Checkpoint(features, classes, weights, bias, Metadata);
    }
}
