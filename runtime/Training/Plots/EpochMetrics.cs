namespace KernelGen.Plots;

/// <summary>What one epoch of training measured, as plotted by <see cref="TrainingPlots"/>.</summary>
/// <param name="Epoch">Epoch number (1 for the first).</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TestLoss">Mean loss on the test set after the epoch (NaN if not measured).</param>
/// <param name="TestAccuracy">Accuracy on the test set, as a fraction in [0, 1] (NaN if the model has no logits kernel).</param>
public readonly record struct EpochMetrics(int Epoch, double TrainLoss, double TestLoss, double TestAccuracy);
