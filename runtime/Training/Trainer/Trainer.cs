using System;
using System.Diagnostics;
using System.Numerics.Tensors;
using KernelGen.Data;

namespace KernelGen.Training;

/// <summary>
/// Minibatch SGD for any loss kernel: <typeparamref name="TLoss"/> is the generated class of a float-valued
/// <see cref="KernelAttribute">[Kernel]</see> (<c>Losses.HuberKernel</c>), and <see cref="Parameters"/> holds its shared
/// parameters. Each minibatch is split into contiguous slices, one per thread; every thread runs the kernel's fused
/// forward+backward on its slice into its own gradient buffers, and the buffers are summed in thread order, so a run
/// is bit-for-bit reproducible for a given seed and thread count. A step calls the kernel once per thread and
/// allocates nothing.
/// </summary>
/// <typeparam name="TLoss">The generated kernel class of the loss.</typeparam>
public class Trainer<TLoss> : IDisposable where TLoss : ILossKernel
{
    private readonly TrainingOptions _options;
    private readonly KernelBinding _binding;
    private readonly SgdOptimizer _optimizer;
    private readonly TrainingWorker[] _workers;
    private readonly float[][] _gradients;
    private readonly TrainingBatch _batch;
    private readonly SliceWorkers _slices;
    private Dataset? _checked;
    private double _firstBatchLoss = double.NaN;

    // The current step, read by the slice workers.
    private float _stepGradScale;

    /// <summary>A trainer of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The kernel's parameters cannot be bound (the message says which and how to fix it).</exception>
    public Trainer(ParameterSet parameters, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Parameters = parameters;
        _binding = new KernelBinding(TLoss.Signature, parameters, training: true);
        _optimizer = new SgdOptimizer(parameters, options.WeightDecay, options.Momentum);
        int threads = Math.Min(options.Threads, options.BatchSize);
        _workers = new TrainingWorker[threads];
        for (int t = 0; t < threads; t++) _workers[t] = new TrainingWorker(_binding);
        _gradients = Array.ConvertAll(_workers[0].Gradients, g => new float[g.Length]);
        _batch = new TrainingBatch(options.BatchSize);
        _slices = new SliceWorkers(threads, RunSlice);
    }

    /// <summary>The parameters being trained, updated in place by every step.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The options this trainer was made with.</summary>
    public TrainingOptions Options => _options;

    /// <summary>Called after every minibatch with (batches done in this epoch, batches per epoch).</summary>
    public Action<int, int>? BatchDone { get; set; }

    /// <summary>Stops the trainer's worker threads.</summary>
    public void Dispose()
    {
        _slices.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Trains one epoch (0-based <paramref name="epoch"/>) and evaluates on <paramref name="test"/>: its mean loss and,
    /// for a trainer with a logits kernel, its accuracy.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite; the parameters keep the last finite step.</exception>
    public EpochReport TrainEpoch(Dataset train, Dataset? test, Minibatches batches, int epoch)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var schedule = new LearningRateSchedule(_options.Schedule, _options.LearningRate, _options.Epochs);
        float rate = schedule.RateAt(epoch);
        batches.Shuffle(epoch);
        double lossSum = 0;
        var watch = Stopwatch.StartNew();
        for (int b = 0; b < batches.BatchesPerEpoch; b++)
        {
            var indices = batches.Indices(b);
            double batchLoss = Step(train, indices, rate);
            if (!double.IsFinite(batchLoss))
                throw new TrainingDivergedException(
                    $"Training diverged in epoch {epoch + 1}, batch {b + 1}: the loss became {batchLoss} with learning rate {rate}. Use a smaller learning rate (try `lr-find`).");
            double mean = batchLoss / indices.Length;
            if (double.IsNaN(_firstBatchLoss)) _firstBatchLoss = mean;
            else if (_firstBatchLoss > 0 && mean > _options.DivergenceFactor * _firstBatchLoss)
                throw new TrainingDivergedException(
                    $"Training diverged in epoch {epoch + 1}, batch {b + 1}: the mean loss grew from {_firstBatchLoss:G4} (the first batch) to {mean:G4}, " +
                    $"more than {_options.DivergenceFactor:G3} times, with learning rate {rate}. Use a smaller learning rate (try `lr-find`).");
            lossSum += batchLoss;
            BatchDone?.Invoke(b + 1, batches.BatchesPerEpoch);
        }
        watch.Stop();
        double testLoss = test is null ? double.NaN : Evaluator.MeanLoss<TLoss>(Parameters, test, _options.Threads);
        double testAccuracy = test is null ? double.NaN : TestAccuracy(test);
        return new EpochReport(epoch + 1, rate, lossSum / train.Count, testLoss, testAccuracy, watch.Elapsed, train.Count / watch.Elapsed.TotalSeconds);
    }

    /// <summary>The accuracy on <paramref name="test"/> after an epoch; NaN for a trainer without a logits kernel.</summary>
    protected virtual double TestAccuracy(Dataset test) => double.NaN;

    /// <summary>
    /// One SGD step on the examples <paramref name="indices"/> of <paramref name="data"/>: returns their summed loss
    /// before the step. A step whose loss is not finite changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is empty or larger than the batch size, or the data does not fit the kernel.</exception>
    public double Step(Dataset data, ReadOnlySpan<int> indices, float rate)
    {
        int rows = indices.Length;
        if (rows == 0 || rows > _options.BatchSize)
            throw new ArgumentException($"A step takes 1 to {_options.BatchSize} examples (the batch size this trainer was made for), not {rows}.", nameof(indices));
        CheckOnce(data);
        _binding.Gather(_batch, data, indices);
        _stepGradScale = 1f / rows;
        _slices.Run();

        // Sum the per-thread gradients in thread order: the same order every run.
        double lossSum = _workers[0].LossSum;
        for (int g = 0; g < _gradients.Length; g++) _workers[0].Gradients[g].CopyTo(_gradients[g], 0);
        for (int t = 1; t < _workers.Length; t++)
        {
            lossSum += _workers[t].LossSum;
            for (int g = 0; g < _gradients.Length; g++) TensorPrimitives.Add(_gradients[g], _workers[t].Gradients[g], _gradients[g]);
        }
        if (double.IsFinite(lossSum)) _optimizer.Step(rate, _gradients);
        return lossSum;
    }

    /// <summary>
    /// The first time a data set is used: its kind, and one row through the kernel's forward pass, so a wrong size
    /// says which kernel, set and parameter do not fit before any thread starts.
    /// </summary>
    private void CheckOnce(Dataset data)
    {
        if (ReferenceEquals(data, _checked)) return;
        _binding.CheckData(data, "training");
        _binding.Gather(_batch, data, [0]);
        var arguments = _workers[0].Arguments;
        _binding.RefreshScalars(arguments);
        _binding.SetRows(arguments, _batch, 0, 1);
        var value = new float[1];
        _binding.Explain(data, "training", () => TLoss.ForwardBatch(1, arguments, value));
        _checked = data;
    }

    /// <summary>Slice <paramref name="t"/> of the current step: contiguous rows, the same split every run.</summary>
    private void RunSlice(int t)
    {
        int rows = _batch.Rows, threads = _workers.Length;
        int start = (int)((long)rows * t / threads), end = (int)((long)rows * (t + 1) / threads);
        _workers[t].Run<TLoss>(_batch, start, end - start, _stepGradScale);
    }
}
