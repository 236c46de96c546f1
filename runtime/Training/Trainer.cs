using System;
using System.Diagnostics;
using KernelGen.Data;
using KernelGen.Metrics;

namespace KernelGen.Training;

/// <summary>
/// Minibatch SGD for <see cref="SoftmaxRegression"/>. Each minibatch is split into contiguous slices, one per
/// thread; every thread runs the fused forward+backward kernel on its slice into its own gradient buffers, and
/// the buffers are summed in thread order, so a run is bit-for-bit reproducible for a given seed and thread count.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainingOptions _options;
    private readonly SoftmaxRegression _model;
    private readonly SgdOptimizer _optimizer;
    private readonly Worker[] _workers;
    private readonly float[] _weightGradient;
    private readonly float[] _biasGradient;
    private readonly float[] _batchPixels;
    private readonly int[] _batchLabels;
    private readonly SliceWorkers _slices;

    // The current step, read by the slice workers.
    private int _stepRows;
    private float _stepGradScale;

    /// <summary>A trainer for <paramref name="model"/> with <paramref name="options"/>.</summary>
    public Trainer(SoftmaxRegression model, TrainingOptions options)
    {
        options.Validate();
        _options = options;
        _model = model;
        _optimizer = new SgdOptimizer(model, options.WeightDecay, options.Momentum);
        int threads = Math.Min(options.Threads, options.BatchSize);
        _workers = new Worker[threads];
        for (int t = 0; t < threads; t++) _workers[t] = new Worker(model, options.BatchSize / threads + 1);
        _weightGradient = new float[model.Weights.Length];
        _biasGradient = new float[model.Bias.Length];
        _batchPixels = new float[options.BatchSize * model.Features];
        _batchLabels = new int[options.BatchSize];
        _slices = new SliceWorkers(threads, RunSlice);
    }

    /// <summary>Stops the trainer's worker threads.</summary>
    public void Dispose() => _slices.Dispose();

    /// <summary>Called after every minibatch with (batches done in this epoch, batches per epoch).</summary>
    public Action<int, int>? BatchDone { get; set; }

    /// <summary>Trains one epoch (0-based <paramref name="epoch"/>) and evaluates on <paramref name="test"/>.</summary>
    public EpochReport TrainEpoch(Dataset train, Dataset test, Minibatches batches, int epoch)
    {
        var schedule = new LearningRateSchedule(_options.Schedule, _options.LearningRate, _options.Epochs);
        float rate = schedule.RateAt(epoch);
        batches.Shuffle(epoch);
        double lossSum = 0;
        long correct = 0;
        var watch = Stopwatch.StartNew();
        for (int b = 0; b < batches.BatchesPerEpoch; b++)
        {
            var indices = batches.Indices(b);
            var (batchLoss, batchCorrect) = Step(train, indices, rate);
            if (!double.IsFinite(batchLoss))
                throw new TrainingDivergedException(
                    $"Training diverged in epoch {epoch + 1}, batch {b + 1}: the loss became {batchLoss} with learning rate {rate}. Use a smaller learning rate (try `lr-find`).");
            lossSum += batchLoss;
            correct += batchCorrect;
            BatchDone?.Invoke(b + 1, batches.BatchesPerEpoch);
        }
        watch.Stop();
        double testAccuracy = Evaluator.Accuracy(_model, test, _options.Threads);
        return new EpochReport(epoch + 1, rate, lossSum / train.Count, (double)correct / train.Count, testAccuracy,
            watch.Elapsed, train.Count / watch.Elapsed.TotalSeconds);
    }

    /// <summary>One SGD step on the examples <paramref name="indices"/>; returns their summed loss and how many were classified right before the step.</summary>
    public (double LossSum, int Correct) Step(Dataset data, ReadOnlySpan<int> indices, float rate)
    {
        int rows = indices.Length;
        if (rows == 0 || rows > _options.BatchSize)
            throw new ArgumentException($"A step takes 1 to {_options.BatchSize} examples (the batch size this trainer was made for), not {rows}.", nameof(indices));
        int features = _model.Features;
        data.CopyImages(indices, _batchPixels.AsSpan(0, rows * features));
        for (int r = 0; r < rows; r++) _batchLabels[r] = data.Label(indices[r]);

        _stepRows = rows;
        _stepGradScale = 1f / rows;
        _slices.Run();
        int threads = _workers.Length;

        // Sum the per-thread gradients in thread order: the same order every run.
        _workers[0].WeightGradient.CopyTo(_weightGradient, 0);
        _workers[0].BiasGradient.CopyTo(_biasGradient, 0);
        double lossSum = _workers[0].LossSum;
        int correct = _workers[0].Correct;
        for (int t = 1; t < threads; t++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(_weightGradient, _workers[t].WeightGradient, _weightGradient);
            System.Numerics.Tensors.TensorPrimitives.Add(_biasGradient, _workers[t].BiasGradient, _biasGradient);
            lossSum += _workers[t].LossSum;
            correct += _workers[t].Correct;
        }
        if (double.IsFinite(lossSum)) _optimizer.Step(rate, _weightGradient, _biasGradient);
        return (lossSum, correct);
    }

    /// <summary>Slice <paramref name="t"/> of the current step: contiguous rows, the same split every run.</summary>
    private void RunSlice(int t)
    {
        int rows = _stepRows, threads = _workers.Length;
        int start = (int)((long)rows * t / threads), end = (int)((long)rows * (t + 1) / threads);
        _workers[t].Run(_model, _batchPixels, _batchLabels, start, end - start, _stepGradScale);
    }

    /// <summary>One thread's share of a minibatch, with buffers of its own.</summary>
    private sealed class Worker
    {
        /// <summary>Keeps the probability tests clear of float rounding in the loss; rows inside the margin get their logits.</summary>
        private const double Margin = 1e-4;

        private readonly float[] _losses;
        private readonly float[] _logits;
        private readonly float[] _undecidedPixels;
        private readonly int[] _undecidedRows;

        public Worker(SoftmaxRegression model, int maxRows)
        {
            WeightGradient = new float[model.Weights.Length];
            BiasGradient = new float[model.Bias.Length];
            _losses = new float[maxRows];
            _logits = new float[maxRows * model.Classes];
            _undecidedPixels = new float[maxRows * model.Features];
            _undecidedRows = new int[maxRows];
        }

        public float[] WeightGradient { get; }
        public float[] BiasGradient { get; }
        public double LossSum { get; private set; }
        public int Correct { get; private set; }

        public void Run(SoftmaxRegression model, float[] pixels, int[] labels, int start, int rows, float gradScale)
        {
            if (rows == 0)
            {
                // A last, short batch can leave a thread nothing to do: it contributes nothing.
                Array.Clear(WeightGradient);
                Array.Clear(BiasGradient);
                LossSum = 0;
                Correct = 0;
                return;
            }
            var x = pixels.AsSpan(start * model.Features, rows * model.Features);
            var y = labels.AsSpan(start, rows);
            model.LossAndGradient(rows, x, y, gradScale, _losses.AsSpan(0, rows), WeightGradient, BiasGradient);

            // Accuracy from the fused pass itself: a row's loss is -log p(y). If p(y) > 1/2, y is the largest
            // logit; if p(y) < 1/classes, another class beats it. Only rows in between need their logits, so
            // the logits of a minibatch are not computed in a separate pass; those rows are packed and get
            // theirs in one batched call.
            double loss = 0;
            int correct = 0, undecided = 0;
            int features = model.Features, classes = model.Classes;
            double certain = 0.5 + Margin, impossible = 1.0 / classes - Margin;
            for (int r = 0; r < rows; r++)
            {
                loss += _losses[r];
                double p = Math.Exp(-_losses[r]);
                if (p > certain)
                {
                    correct++;
                }
                else if (p >= impossible)
                {
                    x.Slice(r * features, features).CopyTo(_undecidedPixels.AsSpan(undecided * features, features));
                    _undecidedRows[undecided++] = r;
                }
            }
            if (undecided > 0)
            {
                model.Logits(undecided, _undecidedPixels.AsSpan(0, undecided * features), _logits.AsSpan(0, undecided * classes));
                for (int u = 0; u < undecided; u++)
                {
                    if (Accuracy.ArgMax(_logits.AsSpan(u * classes, classes)) == y[_undecidedRows[u]]) correct++;
                }
            }
            LossSum = loss;
            Correct = correct;
        }
    }
}
