using System;
using System.Collections.Generic;
using KernelGen.Data;

namespace KernelGen.Training;

/// <summary>What an LR-finder sweep measured.</summary>
/// <param name="Rates">The learning rate of each step.</param>
/// <param name="Losses">The mean minibatch loss of each step.</param>
/// <param name="SuggestedRate">The largest rate that still made progress: where the smoothed loss was lowest.</param>
public sealed record LearningRateSweep(IReadOnlyList<double> Rates, IReadOnlyList<double> Losses, double SuggestedRate);

/// <summary>
/// The LR-finder sweep for any loss kernel: from a copy of the initial parameters, one minibatch per step at rate
/// 10^e, with e rising evenly from <c>MinExponent</c> to <c>MaxExponent</c>. The loss falls while the rate is useful
/// and shoots up once it is too large; the sweep stops early when the loss diverges (NaN, or four times its best smoothed value).
/// </summary>
public static class LearningRateFinder
{
    /// <summary>
    /// Runs the sweep of loss kernel <typeparamref name="TLoss"/> on <paramref name="train"/>, starting from
    /// <paramref name="initial"/> (which is copied, not changed).
    /// </summary>
    public static LearningRateSweep Run<TLoss>(ParameterSet initial, Dataset train, TrainingOptions options, int steps = 100, double minExponent = -5, double maxExponent = 0)
        where TLoss : ILossKernel
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(train);
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, "The sweep needs at least two steps.");
        using var trainer = new Trainer<TLoss>(initial.Clone(), options);
        var batches = new Minibatches(train.Count, options.BatchSize, options.Seed);

        var rates = new List<double>();
        var losses = new List<double>();
        double smoothed = 0, bestSmoothed = double.PositiveInfinity, suggested = Math.Pow(10, minExponent);
        const double beta = 0.9;
        int batch = batches.BatchesPerEpoch, pass = 0;
        for (int step = 0; step < steps; step++)
        {
            if (batch == batches.BatchesPerEpoch)
            {
                batches.Shuffle(pass++);
                batch = 0;
            }
            double rate = Math.Pow(10, minExponent + (maxExponent - minExponent) * step / (steps - 1));
            var indices = batches.Indices(batch++);
            double loss = trainer.Step(train, indices, (float)rate) / indices.Length;
            rates.Add(rate);
            losses.Add(loss);
            if (!double.IsFinite(loss)) break;

            // Exponential smoothing with bias correction, so one noisy batch does not decide.
            smoothed = beta * smoothed + (1 - beta) * loss;
            double corrected = smoothed / (1 - Math.Pow(beta, step + 1));
            if (corrected < bestSmoothed)
            {
                bestSmoothed = corrected;
                suggested = rate;
            }
            else if (corrected > 4 * bestSmoothed)
            {
                break;
            }
        }
        return new LearningRateSweep(rates, losses, suggested);
    }
}
