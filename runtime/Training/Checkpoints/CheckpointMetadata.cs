using System;

namespace KernelGen.Checkpoints;

/// <summary>How a checkpointed model came to be: stored alongside the weights so a file explains itself.</summary>
public sealed record CheckpointMetadata
{
    /// <summary>Number of epochs the model was trained for.</summary>
    public int EpochsTrained { get; init; }

    /// <summary>Learning rate used for training.</summary>
    public double LearningRate { get; init; }

    /// <summary>Seed of the random number generator used for initialization and shuffling.</summary>
    public long Seed { get; init; }

    /// <summary>Accuracy on the training set, as a fraction in [0, 1] (NaN if not measured).</summary>
    public double TrainAccuracy { get; init; }

    /// <summary>Accuracy on the test set, as a fraction in [0, 1] (NaN if not measured).</summary>
    public double TestAccuracy { get; init; }

    /// <summary>
    /// When the checkpoint was made, in UTC; defaults to the moment this metadata object was created. Stored
    /// as ticks, so it round-trips exactly; a local time is converted to UTC when the checkpoint is created.
    /// </summary>
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;

    /// <summary>Free text, e.g. the command line or what was being tried (UTF-8 in the file).</summary>
    public string Note { get; init; } = "";
}
