using System;

namespace KernelGen.Training;

/// <summary>How to train: the d2l defaults unless changed (10 epochs, batch 256, learning rate 0.1, mean loss).</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Examples per minibatch; the last batch of an epoch keeps the remainder.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>The base learning rate.</summary>
    public float LearningRate { get; init; } = 0.1f;

    /// <summary>L2 weight decay.</summary>
    public float WeightDecay { get; init; }

    /// <summary>Momentum (0: plain SGD).</summary>
    public float Momentum { get; init; }

    /// <summary>How the learning rate changes over the epochs.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;

    /// <summary>Seed for the initial weights and the shuffles.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads that share each minibatch; the result depends on the seed and this count only.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Train for at least one epoch.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch needs at least one example.");
        if (!(LearningRate > 0) || float.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive number.");
        if (Threads <= 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Use at least one thread.");
    }
}
