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

    /// <summary>
    /// Training stops as diverged when a minibatch's mean loss grows beyond this many times the mean loss of the first
    /// minibatch (NaN and infinity always stop it). A loss that grows a hundredfold is not a noisy step but a learning
    /// rate far too large, which would otherwise train "successfully" to garbage. <see cref="double.PositiveInfinity"/>
    /// turns the check off.
    /// </summary>
    public double DivergenceFactor { get; init; } = 100;

    /// <summary>Throws when an option is out of range, naming it and saying what it may be; call it before loading any data.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (Epochs <= 0) throw Invalid(nameof(Epochs), $"Train for at least one epoch, not {Epochs}.");
        if (BatchSize <= 0) throw Invalid(nameof(BatchSize), $"A batch needs at least one example, not {BatchSize}.");
        if (!(LearningRate > 0) || float.IsInfinity(LearningRate)) throw Invalid(nameof(LearningRate), $"The learning rate must be a positive number, not {LearningRate}.");
        if (!(WeightDecay >= 0) || float.IsInfinity(WeightDecay)) throw Invalid(nameof(WeightDecay), $"The weight decay must be a finite number, 0 or more, not {WeightDecay}.");
        if (!(Momentum is >= 0 and < 1)) throw Invalid(nameof(Momentum), $"The momentum must be in [0, 1), not {Momentum}.");
        if (!Enum.IsDefined(Schedule)) throw Invalid(nameof(Schedule), $"There is no schedule {(int)Schedule}; use {string.Join(", ", Enum.GetNames<ScheduleKind>())}.");
        if (Threads <= 0) throw Invalid(nameof(Threads), $"Use at least one thread, not {Threads}.");
        if (!(DivergenceFactor > 1)) throw Invalid(nameof(DivergenceFactor), $"The divergence factor must be more than 1, not {DivergenceFactor}.");
    }

    private static ArgumentException Invalid(string option, string message) => new(message, option);
}
