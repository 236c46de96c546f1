using System;

namespace KernelGen.Training;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="LearningRate">The rate used during the epoch.</param>
/// <param name="TrainLoss">Mean loss over the epoch's minibatches, as they were trained (d2l's running average).</param>
/// <param name="TestLoss">Mean loss on the test set after the epoch (NaN without a test set).</param>
/// <param name="TestAccuracy">Accuracy on the test set after the epoch (NaN without a test set or a logits kernel).</param>
/// <param name="Duration">Wall time of the training part of the epoch (not the test evaluation).</param>
/// <param name="ExamplesPerSecond">Training examples per second.</param>
public sealed record EpochReport(int Epoch, float LearningRate, double TrainLoss, double TestLoss, double TestAccuracy, TimeSpan Duration, double ExamplesPerSecond);

/// <summary>Thrown when the loss becomes NaN or infinite: training stops rather than continue with garbage.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public TrainingDivergedException(string message) : base(message) { }
}
