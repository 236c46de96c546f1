using System;
using System.Linq;
using KernelGen.Tests.Infrastructure;
using KernelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Training;

/// <summary>The fused training step and short training runs, on synthetic and real data.</summary>
public sealed class TrainingStepTests
{
    private readonly ITestOutputHelper _output;

    public TrainingStepTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(5, 3, 7)]
    [InlineData(784, 10, 32)]
    public void Fused_step_gradient_matches_finite_differences_of_the_mean_loss(int features, int classes, int rows)
    {
        var random = new Random(features + classes);
        var model = new SoftmaxRegression(features, classes);
        model.Initialize(seed: 1, std: 0.1f);
        for (int i = 0; i < classes; i++) model.Bias[i] = (float)(random.NextDouble() - 0.5);
        var x = TestData.Normal(random, rows * features, 1);
        var y = Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();
        var losses = new float[rows];
        var dw = new float[model.Weights.Length];
        var db = new float[classes];
        model.LossAndGradient(rows, x, y, 1f / rows, losses, dw, db);

        double MeanLoss(double[] w, double[] b) => Enumerable.Range(0, rows)
            .Average(r => Oracle.LinearCrossEntropy(Oracle.ToDouble(x.AsSpan(r * features, features).ToArray()), w, b, y[r]));
        var wd = Oracle.ToDouble(model.Weights);
        var bd = Oracle.ToDouble(model.Bias);
        Assert.Equal(MeanLoss(wd, bd), losses.Average(), 5);
        // For the 784 x 10 case, check a sample of weights: finite differences of all 7840 would take minutes.
        var sample = features <= 10 ? Enumerable.Range(0, dw.Length) : Enumerable.Range(0, 40).Select(i => i * 196 + i % 7);
        double worst = 0;
        foreach (int i in sample)
        {
            double Probe(double v) { var w = (double[])wd.Clone(); w[i] = v; return MeanLoss(w, bd); }
            double h = 1e-3;
            double numeric = (Probe(wd[i] - 2 * h) - 8 * Probe(wd[i] - h) + 8 * Probe(wd[i] + h) - Probe(wd[i] + 2 * h)) / (12 * h);
            worst = Math.Max(worst, Oracle.RelativeError(dw[i], numeric, dw.Max(Math.Abs)));
        }
        var numericDb = Oracle.Gradient(b => MeanLoss(wd, b), bd);
        for (int i = 0; i < classes; i++) worst = Math.Max(worst, Oracle.RelativeError(db[i], numericDb[i], numericDb.Max(Math.Abs)));
        _output.WriteLine($"max relative error {worst:E2}");
        Assert.True(worst <= 1e-4, $"max relative error {worst:E2}");
    }

    [Fact]
    public void One_epoch_on_real_MNIST_starts_at_log_10_and_learns()
    {
        // The d2l recipe for one epoch: all 60000 images, batch 256, lr 0.1 (about 0.4 s here).
        var (train, test) = TrainingTestData.Mnist;
        var subset = train;
        var options = new TrainingOptions { Epochs = 1, BatchSize = 256, LearningRate = 0.1f, Seed = 5, Threads = 2 };
        var model = new SoftmaxRegression(subset.Features, subset.Classes);
        model.Initialize(options.Seed);

        // With tiny weights every class is nearly equally likely: the loss is -log(1/10) = 2.3026, plus about half
        // the variance of the logits (std 0.01 weights on an image with |x| ~ 10 give logits of spread ~0.1).
        using var first = new Trainer(model, options with { LearningRate = 1e-30f });
        var probe = new Minibatches(subset.Count, 256, seed: 1);
        probe.Shuffle(0);
        double initialLoss = first.Step(subset, probe.Indices(0), 1e-30f).LossSum / 256;
        Assert.InRange(initialLoss, Math.Log(10) - 0.005, Math.Log(10) + 0.02);

        using var trainer = new Trainer(model, options);
        var report = trainer.TrainEpoch(subset, test, new Minibatches(subset.Count, 256, options.Seed), 0);
        _output.WriteLine($"1 epoch on MNIST: train loss {report.TrainLoss:F4}, train acc {report.TrainAccuracy:F4}, test acc {report.TestAccuracy:F4}");
        // Mean loss over the epoch (it starts at 2.303) and test accuracy after it; one epoch reaches about 0.71 and 0.89.
        Assert.True(report.TrainLoss < 0.8, $"mean training loss {report.TrainLoss} did not fall well below log 10");
        Assert.True(report.TestAccuracy > 0.87, $"test accuracy {report.TestAccuracy} after one epoch");
    }

    [Theory]
    [InlineData(1e-30f)]
    [InlineData(0.5f)]
    public void Step_accuracy_taken_from_the_fused_loss_equals_counting_argmax_of_the_logits(float std)
    {
        // Early (all probabilities near 1/k, every row needs its logits) and trained-like (confident rows).
        var data = TrainingTestData.Random(600, 5, 4, seed: 13);
        var model = new SoftmaxRegression(data.Features, data.Classes);
        model.Initialize(seed: 3, std: std);
        var predictions = Evaluator.Predict(model, data, threads: 1);
        var batches = new Minibatches(data.Count, 200, seed: 2);
        batches.Shuffle(0);
        var indices = batches.Indices(0).ToArray();
        int expected = indices.Count(i => predictions[i] == data.Label(i));
        using var trainer = new Trainer(model, new TrainingOptions { BatchSize = 200, Threads = 2, LearningRate = 0.1f });
        var (_, correct) = trainer.Step(data, indices, 0.1f);
        Assert.Equal(expected, correct);
    }

    [Fact]
    public void Runs_with_the_same_seed_and_threads_are_bit_for_bit_identical()
    {
        var data = TrainingTestData.Random(1000, 6, 4, seed: 9);
        float[] Train(int threads)
        {
            var options = new TrainingOptions { Epochs = 2, BatchSize = 100, LearningRate = 0.5f, Momentum = 0.9f, Seed = 11, Threads = threads };
            var model = new SoftmaxRegression(data.Features, data.Classes);
            model.Initialize(options.Seed);
            using var trainer = new Trainer(model, options);
            var batches = new Minibatches(data.Count, options.BatchSize, options.Seed);
            for (int e = 0; e < options.Epochs; e++) trainer.TrainEpoch(data, data, batches, e);
            return model.Weights.Concat(model.Bias).ToArray();
        }
        Assert.Equal(Train(2), Train(2));
        Assert.Equal(Train(1), Train(1));
        Assert.Equal(Train(3), Train(3));
    }

    [Fact]
    public void Divergence_stops_training_and_names_the_learning_rate()
    {
        var data = TrainingTestData.Random(512, 4, 3, seed: 2);
        var options = new TrainingOptions { Epochs = 5, BatchSize = 64, LearningRate = 3e38f, Seed = 1, Threads = 1 };
        var model = new SoftmaxRegression(data.Features, data.Classes);
        model.Initialize(1);
        using var trainer = new Trainer(model, options);
        var batches = new Minibatches(data.Count, options.BatchSize, options.Seed);
        var error = Assert.Throws<TrainingDivergedException>(() =>
        {
            for (int e = 0; e < options.Epochs; e++) trainer.TrainEpoch(data, data, batches, e);
        });
        Assert.Contains("3E+38", error.Message);
        Assert.Contains("smaller learning rate", error.Message);
    }
}
