using System;
using System.Collections.Generic;
using KernelGen.Data;

namespace KernelGen.Training;

/// <summary>One epoch of one run of a <see cref="HyperparameterSweep"/>.</summary>
/// <param name="LearningRate">The run's base learning rate.</param>
/// <param name="BatchSize">The run's minibatch size.</param>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch (NaN when the run diverged in it).</param>
/// <param name="TestLoss">Mean test loss after the epoch (NaN when the run diverged).</param>
/// <param name="TestAccuracy">Test accuracy after the epoch (NaN for a loss-only model, or when the run diverged).</param>
/// <param name="Milliseconds">Wall time of the epoch's training.</param>
/// <param name="Diverged">True for the epoch in which the loss became NaN or infinite; the run stops there.</param>
public sealed record SweepEpoch(float LearningRate, int BatchSize, int Epoch, double TrainLoss, double TestLoss, double TestAccuracy, double Milliseconds, bool Diverged = false)
{
    /// <summary>The run this epoch belongs to, as a legend label: <c>lr 0.1, batch 256</c>.</summary>
    public string Run => $"lr {LearningRate:G3}, batch {BatchSize}";
}

/// <summary>
/// The d2l exercise of learning rates and batch sizes: trains a fresh copy of the same initial parameters for every
/// combination, with everything else in the options kept, and records the test loss and accuracy after every epoch.
/// A run that diverges is recorded and stopped; the sweep goes on with the next.
/// </summary>
public static class HyperparameterSweep
{
    /// <summary>Sweeps a classifier: <typeparamref name="TLogits"/> gives the test accuracy.</summary>
    public static IReadOnlyList<SweepEpoch> Run<TLoss, TLogits>(ParameterSet initial, Dataset train, Dataset test, IReadOnlyList<float> learningRates,
        IReadOnlyList<int> batchSizes, TrainingOptions options, Action<SweepEpoch>? epochDone = null)
        where TLoss : ILossKernel where TLogits : IKernel
        => Run(initial, train, test, learningRates, batchSizes, options, epochDone, (p, o) => new Trainer<TLoss, TLogits>(p, o));

    /// <summary>Sweeps a loss-only model (a regression): the records have no accuracy.</summary>
    public static IReadOnlyList<SweepEpoch> Run<TLoss>(ParameterSet initial, Dataset train, Dataset test, IReadOnlyList<float> learningRates,
        IReadOnlyList<int> batchSizes, TrainingOptions options, Action<SweepEpoch>? epochDone = null)
        where TLoss : ILossKernel
        => Run(initial, train, test, learningRates, batchSizes, options, epochDone, (p, o) => new Trainer<TLoss>(p, o));

    /// <summary>Throws when the options, or any of the rates or batch sizes, are out of range: call it before loading data.</summary>
    /// <exception cref="ArgumentException">A list is empty, or an option, rate or batch size is out of range; the message names it.</exception>
    public static void Validate(TrainingOptions options, IReadOnlyList<float> learningRates, IReadOnlyList<int> batchSizes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(learningRates);
        ArgumentNullException.ThrowIfNull(batchSizes);
        if (learningRates.Count == 0) throw new ArgumentException("Give at least one learning rate.", nameof(learningRates));
        if (batchSizes.Count == 0) throw new ArgumentException("Give at least one batch size.", nameof(batchSizes));
        options.Validate();
        foreach (float rate in learningRates) (options with { LearningRate = rate }).Validate();
        foreach (int batch in batchSizes) (options with { BatchSize = batch }).Validate();
    }

    private static List<SweepEpoch> Run<TLoss>(ParameterSet initial, Dataset train, Dataset test, IReadOnlyList<float> learningRates,
        IReadOnlyList<int> batchSizes, TrainingOptions options, Action<SweepEpoch>? epochDone, Func<ParameterSet, TrainingOptions, Trainer<TLoss>> create)
        where TLoss : ILossKernel
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        Validate(options, learningRates, batchSizes);

        var results = new List<SweepEpoch>();
        foreach (float rate in learningRates)
        {
            foreach (int batch in batchSizes)
            {
                var runOptions = options with { LearningRate = rate, BatchSize = Math.Min(batch, train.Count) };
                using var trainer = create(initial.Clone(), runOptions);
                var batches = new Minibatches(train.Count, runOptions.BatchSize, runOptions.Seed);
                for (int epoch = 0; epoch < runOptions.Epochs; epoch++)
                {
                    SweepEpoch record;
                    bool diverged = false;
                    try
                    {
                        var report = trainer.TrainEpoch(train, test, batches, epoch);
                        record = new SweepEpoch(rate, batch, report.Epoch, report.TrainLoss, report.TestLoss, report.TestAccuracy, report.Duration.TotalMilliseconds);
                    }
                    catch (TrainingDivergedException)
                    {
                        record = new SweepEpoch(rate, batch, epoch + 1, double.NaN, double.NaN, double.NaN, double.NaN, Diverged: true);
                        diverged = true;
                    }
                    results.Add(record);
                    epochDone?.Invoke(record);
                    if (diverged) break;
                }
            }
        }
        return results;
    }
}
