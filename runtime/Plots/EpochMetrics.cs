namespace KernelGen.Plots;

/// <summary>What one epoch of training measured, as plotted by <see cref="TrainingPlots"/>.</summary>
/// <param name="Epoch">Epoch number (1 for the first).</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Accuracy on the training set, as a fraction in [0, 1].</param>
/// <param name="TestAccuracy">Accuracy on the test set, as a fraction in [0, 1].</param>
public readonly record struct EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracy);
