using System;
using System.Linq;
using KernelGen.Data;
using KernelGen.Tests.Infrastructure;
using KernelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Training;

/// <summary>The generic trainer driving softmax regression: steps, short runs, reproducibility, divergence, real data.</summary>
public sealed class TrainingStepTests
{
    private readonly ITestOutputHelper _output;

    public TrainingStepTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(5, 3, 7)]
    [InlineData(784, 10, 32)]
    public void A_trainer_step_moves_the_parameters_by_the_finite_difference_gradient_of_the_mean_loss(int features, int classes, int rows)
    {
        var random = new Random(features + classes);
        var x = TestData.Normal(random, rows * features, 1);
        var y = Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();
        var data = Dataset.Classification(x, features, y, classes);
        var parameters = TrainingTestData.SoftmaxParameters(data);
        parameters.InitializeNormal(seed: 1, std: 0.1f);
        for (int i = 0; i < classes; i++) parameters["b"].Values[i] = (float)(random.NextDouble() - 0.5);
        var wd = Oracle.ToDouble(parameters["w"].Values.ToArray());
        var bd = Oracle.ToDouble(parameters["b"].Values.ToArray());

        // With plain SGD at rate 1, a step subtracts the gradient itself; two threads split the batch.
        using var trainer = new Trainer<SoftmaxRegressionKernels.LossKernel>(parameters, new TrainingOptions { BatchSize = rows, Threads = 2 });
        double lossSum = trainer.Step(data, Enumerable.Range(0, rows).ToArray(), rate: 1f);
        var dw = wd.Select((w, i) => w - parameters["w"].Values[i]).ToArray();
        var db = bd.Select((b, i) => b - parameters["b"].Values[i]).ToArray();

        double MeanLoss(double[] w, double[] b) => Enumerable.Range(0, rows)
            .Average(r => Oracle.LinearCrossEntropy(Oracle.ToDouble(x.AsSpan(r * features, features).ToArray()), w, b, y[r]));
        Assert.Equal(MeanLoss(wd, bd), lossSum / rows, 5);
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
        // The d2l recipe for one epoch: all 60000 images, batch 256, lr 0.1, with the kernels specialized for MNIST.
        var (train, test) = TrainingTestData.Mnist;
        var options = new TrainingOptions { Epochs = 1, BatchSize = 256, LearningRate = 0.1f, Seed = 5, Threads = 2 };
        var parameters = ParameterSet.For<SoftmaxRegressionKernels.MnistLossKernel>();
        parameters.InitializeNormal(options.Seed);

        // With tiny weights every class is nearly equally likely: the loss is -log(1/10) = 2.3026, plus about half
        // the variance of the logits (std 0.01 weights on an image with |x| ~ 10 give logits of spread ~0.1).
        using (var first = new Trainer<SoftmaxRegressionKernels.MnistLossKernel>(parameters.Clone(), options))
        {
            var probe = new Minibatches(train.Count, 256, seed: 1);
            probe.Shuffle(0);
            double initialLoss = first.Step(train, probe.Indices(0), 1e-30f) / 256;
            Assert.InRange(initialLoss, Math.Log(10) - 0.005, Math.Log(10) + 0.02);
        }

        using var trainer = new Trainer<SoftmaxRegressionKernels.MnistLossKernel, SoftmaxRegressionKernels.MnistLogitsKernel>(parameters, options);
        var report = trainer.TrainEpoch(train, test, new Minibatches(train.Count, 256, options.Seed), 0);
        _output.WriteLine($"1 epoch on MNIST: train loss {report.TrainLoss:F4}, test loss {report.TestLoss:F4}, test acc {report.TestAccuracy:F4}");
        // Mean loss over the epoch (it starts at 2.303), and test loss and accuracy after it; one epoch reaches about 0.71, 0.43 and 0.89.
        Assert.True(report.TrainLoss < 0.8, $"mean training loss {report.TrainLoss} did not fall well below log 10");
        Assert.True(report.TestLoss < 0.5, $"test loss {report.TestLoss} after one epoch");
        Assert.True(report.TestAccuracy > 0.87, $"test accuracy {report.TestAccuracy} after one epoch");
        Assert.Equal(report.TestAccuracy, Evaluator.Accuracy<SoftmaxRegressionKernels.LogitsKernel>(parameters, test, threads: 1));
    }

    [Fact]
    public void Evaluation_counts_the_argmax_of_the_logits_and_averages_the_loss_in_double()
    {
        var data = TrainingTestData.Random(1100, 5, 4, seed: 13);
        var parameters = TrainingTestData.SoftmaxParameters(data);
        parameters.InitializeNormal(seed: 3, std: 0.5f);
        var w = Oracle.ToDouble(parameters["w"].Values.ToArray());
        var b = Oracle.ToDouble(parameters["b"].Values.ToArray());
        int correct = 0;
        double loss = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var xi = Oracle.ToDouble(data.Image(i).ToArray());
            var logits = Enumerable.Range(0, 4).Select(c => b[c] + Enumerable.Range(0, xi.Length).Sum(f => w[c * xi.Length + f] * xi[f])).ToArray();
            if (Array.IndexOf(logits, logits.Max()) == data.Label(i)) correct++;
            loss += Oracle.LinearCrossEntropy(xi, w, b, data.Label(i));
        }
        Assert.Equal((double)correct / data.Count, Evaluator.Accuracy<SoftmaxRegressionKernels.LogitsKernel>(parameters, data, threads: 2));
        Assert.Equal(loss / data.Count, Evaluator.MeanLoss<SoftmaxRegressionKernels.LossKernel>(parameters, data, threads: 2), 5);
        var confusion = Evaluator.Confusion<SoftmaxRegressionKernels.LogitsKernel>(parameters, data, threads: 2);
        Assert.Equal((data.Count, correct), (confusion.Total, confusion.Correct));
    }

    [Fact]
    public void Runs_with_the_same_seed_and_threads_are_bit_for_bit_identical()
    {
        var data = TrainingTestData.Random(1000, 6, 4, seed: 9);
        float[] Train(int threads)
        {
            var options = new TrainingOptions { Epochs = 2, BatchSize = 100, LearningRate = 0.5f, Momentum = 0.9f, Seed = 11, Threads = threads };
            var parameters = TrainingTestData.TrainSoftmax(data, data, options);
            return parameters["w"].Values.ToArray().Concat(parameters["b"].Values.ToArray()).ToArray();
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
        var error = Assert.Throws<TrainingDivergedException>(() => TrainingTestData.TrainSoftmax(data, data, options));
        Assert.Contains("3E+38", error.Message);
        Assert.Contains("smaller learning rate", error.Message);
    }

    [Fact]
    public void A_finite_loss_that_grows_a_hundredfold_is_divergence_too()
    {
        var data = TrainingTestData.Random(2000, 4, 3, seed: 6);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 50, LearningRate = 1e6f, Seed = 1, Threads = 1 };
        var error = Assert.Throws<TrainingDivergedException>(() => TrainingTestData.TrainSoftmax(data, data, options));
        Assert.Contains("the mean loss grew from", error.Message);
        Assert.Contains("more than 100 times", error.Message);
        // Turned off, the same run goes on to its end with a huge but finite loss.
        TrainingTestData.TrainSoftmax(data, data, options with { DivergenceFactor = double.PositiveInfinity, Epochs = 1 });
    }

    [Theory]
    [InlineData(nameof(TrainingOptions.Momentum), "The momentum must be in [0, 1), not NaN.")]
    [InlineData(nameof(TrainingOptions.WeightDecay), "The weight decay must be a finite number, 0 or more, not NaN.")]
    [InlineData(nameof(TrainingOptions.LearningRate), "The learning rate must be a positive number, not NaN.")]
    public void A_NaN_option_is_named_by_validation_not_reported_as_divergence(string option, string message)
    {
        var options = option switch
        {
            nameof(TrainingOptions.Momentum) => new TrainingOptions { Momentum = float.NaN },
            nameof(TrainingOptions.WeightDecay) => new TrainingOptions { WeightDecay = float.NaN },
            _ => new TrainingOptions { LearningRate = float.NaN },
        };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(option, error.ParamName);
        Assert.StartsWith(message, error.Message);
    }
}
