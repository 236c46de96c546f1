using System;
using System.Linq;
using KernelGen.Data;
using KernelGen.Tests.Infrastructure;
using KernelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Training;

/// <summary>The generic trainer on kernels of this project: known optima, finite differences, and the errors of a model that cannot be bound.</summary>
public sealed class GenericTrainingTests
{
    private readonly ITestOutputHelper _output;

    public GenericTrainingTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Least_squares_trained_by_full_batch_descent_reaches_the_normal_equation_solution()
    {
        const int count = 200, features = 3;
        var random = new Random(17);
        var x = TestData.Normal(random, count * features, 1);
        // Noise large enough that the optimum is visibly not the generating weights.
        var y = Enumerable.Range(0, count).Select(r => (float)(1.5 * x[r * 3] - 2 * x[r * 3 + 1] + 0.5 * x[r * 3 + 2] + 0.7 + 0.5 * (random.NextDouble() - 0.5))).ToArray();
        var data = Dataset.Regression(x, features, y);
        var (expectedW, expectedC) = LeastSquares.Solve(x, y, count, features);

        var parameters = ParameterSet.For<TrainingKernels.LeastSquaresKernel>(ParameterShape.Vector("w", features));
        var options = new TrainingOptions { Epochs = 400, BatchSize = count, LearningRate = 0.5f, Threads = 2, Seed = 3 };
        using var trainer = new Trainer<TrainingKernels.LeastSquaresKernel>(parameters, options);
        var batches = new Minibatches(count, count, options.Seed);
        for (int e = 0; e < options.Epochs; e++) trainer.TrainEpoch(data, null, batches, e);

        var w = parameters["w"].Values.ToArray();
        float c = parameters["c"].Value;
        _output.WriteLine($"w = [{string.Join(", ", w)}], c = {c}; normal equations: [{string.Join(", ", expectedW)}], {expectedC}");
        for (int i = 0; i < features; i++) Assert.Equal(expectedW[i], w[i], 1e-3);
        Assert.Equal(expectedC, c, 1e-3);
    }

    [Theory]
    [InlineData("squared")]
    [InlineData("huber")]
    public void Linear_regression_recovers_d2l_parameters(string loss)
    {
        var data = SyntheticData.D2lLinearRegression(seed: 42);
        var options = new TrainingOptions { Epochs = loss == "huber" ? 5 : 3, BatchSize = 10, LearningRate = 0.03f, Threads = 1, Seed = 42 };
        var shapes = new[] { ParameterShape.Matrix("w", 1, 2), ParameterShape.Vector("b", 1) };
        ParameterSet parameters = loss == "huber"
            ? Train<TrainingKernels.HuberRegressionKernel>(data, options, shapes)
            : Train<TrainingKernels.SquaredRegressionKernel>(data, options, shapes);
        var w = parameters["w"].Values.ToArray();
        float b = parameters["b"].Values[0];
        _output.WriteLine($"{loss}: w = [{w[0]}, {w[1]}], b = {b}");
        Assert.Equal(2.0, w[0], 0.01);
        Assert.Equal(-3.4, w[1], 0.01);
        Assert.Equal(4.2, b, 0.01);
    }

    [Fact]
    public void Huber_step_gradient_matches_finite_differences_in_both_regimes()
    {
        // Residuals from about -3 to 3: rows in the quadratic part and rows in the linear part.
        const int rows = 24;
        var random = new Random(5);
        var x = TestData.Normal(random, rows * 2, 1);
        var y = Enumerable.Range(0, rows).Select(_ => (float)(6 * (random.NextDouble() - 0.5))).ToArray();
        var data = Dataset.Regression(x, 2, y);
        var parameters = ParameterSet.For<TrainingKernels.HuberRegressionKernel>(ParameterShape.Matrix("w", 1, 2), ParameterShape.Vector("b", 1));
        parameters["w"].Values[0] = 0.3f;
        parameters["w"].Values[1] = -0.2f;
        parameters["b"].Values[0] = 0.1f;
        double[] theta = [0.3f, -0.2f, 0.1f];

        double MeanLoss(double[] p) => Enumerable.Range(0, rows).Average(r =>
            Oracle.Huber([p[0] * x[2 * r] + p[1] * x[2 * r + 1] + p[2]], [y[r]]));
        using var trainer = new Trainer<TrainingKernels.HuberRegressionKernel>(parameters, new TrainingOptions { BatchSize = rows, Threads = 2 });
        double lossSum = trainer.Step(data, Enumerable.Range(0, rows).ToArray(), rate: 1f);
        double[] analytic = [theta[0] - parameters["w"].Values[0], theta[1] - parameters["w"].Values[1], theta[2] - parameters["b"].Values[0]];
        var numeric = Oracle.Gradient(MeanLoss, theta);

        Assert.Equal(MeanLoss(theta), lossSum / rows, 5);
        for (int i = 0; i < 3; i++) Assert.True(Oracle.RelativeError(analytic[i], numeric[i], numeric.Max(Math.Abs)) < 1e-4, $"d{i}: {analytic[i]} against {numeric[i]}");
    }

    [Fact]
    public void A_fixed_hyperparameter_is_passed_and_not_trained_and_the_gradient_includes_the_penalty()
    {
        var data = TrainingTestData.Random(60, 3, 4, seed: 8);
        var parameters = ParameterSet.For<TrainingKernels.SmoothedCrossEntropyKernel>(ParameterShape.Matrix("w", 4, 9), ParameterShape.Vector("b", 4));
        parameters.InitializeNormal(seed: 2, std: 0.3f);
        parameters["smoothing"].Value = 0.1f;
        parameters["decay"].Value = 0.05f;
        Assert.Equal(new[] { "w", "b" }, parameters.Trained.Select(p => p.Name));
        var w0 = Oracle.ToDouble(parameters["w"].Values.ToArray());
        var b0 = Oracle.ToDouble(parameters["b"].Values.ToArray());

        double MeanLoss(double[] w, double[] b) => Enumerable.Range(0, data.Count).Average(r =>
        {
            var z = Oracle.Linear(Oracle.ToDouble(data.Image(r).ToArray()), w, b);
            return 0.9 * Oracle.CrossEntropy(z, data.Label(r)) - 0.1 * Oracle.LogSoftmax(z).Average() + 0.5 * 0.05 * w.Sum(v => v * v);
        });
        using var trainer = new Trainer<TrainingKernels.SmoothedCrossEntropyKernel, TrainingKernels.LogitsKernel>(parameters, new TrainingOptions { BatchSize = 60, Threads = 2 });
        double lossSum = trainer.Step(data, Enumerable.Range(0, 60).ToArray(), rate: 1f);
        Assert.Equal(MeanLoss(w0, b0), lossSum / 60, 5);
        Assert.Equal(0.1f, parameters["smoothing"].Value);
        var numericW = Oracle.Gradient(w => MeanLoss(w, b0), w0);
        double scale = numericW.Max(Math.Abs);
        for (int i = 0; i < w0.Length; i++)
            Assert.True(Oracle.RelativeError(w0[i] - parameters["w"].Values[i], numericW[i], scale) < 1e-4, $"dw[{i}]");
    }

    [Fact]
    public void Gradients_reach_their_parameters_by_name_whatever_order_the_kernel_declares_them_in()
    {
        // One feature and three classes: w (3 x 1) and b (3) have the same length, so a gradient given to the
        // wrong one would go unnoticed by any length check.
        var x = new float[] { 0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f };
        var data = Dataset.Classification(x, 1, [0, 1, 2, 1, 0, 2], classes: 3);
        var parameters = ParameterSet.For<SoftmaxRegressionKernels.LossKernel>(ParameterShape.Matrix("w", 3, 1), ParameterShape.Vector("b", 3));
        parameters.InitializeNormal(seed: 4, std: 0.5f);
        parameters["b"].Values[1] = 0.3f;
        var declaredOrder = parameters.Clone();
        var options = new TrainingOptions { BatchSize = 6, Threads = 2, LearningRate = 0.5f };
        int[] all = [0, 1, 2, 3, 4, 5];

        using (var trainer = new Trainer<SoftmaxRegressionKernels.LossKernel>(declaredOrder, options)) trainer.Step(data, all, 0.5f);
        using (var trainer = new Trainer<TrainingKernels.BiasFirstKernel>(parameters, options)) trainer.Step(data, all, 0.5f);

        Assert.Equal(declaredOrder["w"].Values.ToArray(), parameters["w"].Values.ToArray());
        Assert.Equal(declaredOrder["b"].Values.ToArray(), parameters["b"].Values.ToArray());
    }

    [Fact]
    public void A_model_that_cannot_be_bound_is_refused_with_the_fix()
    {
        var vector = ParameterSet.For<TrainingKernels.DataWithGradientKernel>(ParameterShape.Vector("w", 3));
        var error = Assert.Throws<ArgumentException>(() => new Trainer<TrainingKernels.DataWithGradientKernel>(vector, new TrainingOptions()));
        Assert.Contains("'x' is per-row data but gets a gradient", error.Message);
        Assert.Contains("[NoGradient]", error.Message);

        var tooMany = ParameterSet.For<TrainingKernels.TooManyInputsKernel>(ParameterShape.Matrix("w", 3, 2));
        error = Assert.Throws<ArgumentException>(() => new Trainer<TrainingKernels.TooManyInputsKernel>(tooMany, new TrainingOptions()));
        Assert.Contains("'x', 't', 'y'", error.Message);

        error = Assert.Throws<ArgumentException>(() => ParameterSet.For<TrainingKernels.LogitsKernel>(ParameterShape.Vector("b", 3)));
        Assert.Contains("Give the shape of 'w'", error.Message);
        error = Assert.Throws<ArgumentException>(() => ParameterSet.For<SoftmaxRegressionKernels.MnistLossKernel>(ParameterShape.Vector("b", 5)));
        Assert.Contains("fixed at compile time", error.Message);
        error = Assert.Throws<ArgumentException>(() => ParameterSet.For<TrainingKernels.LogitsKernel>(ParameterShape.Matrix("W", 3, 2)));
        Assert.Contains("no parameter 'W'", error.Message);
    }

    [Fact]
    public void Data_that_does_not_fit_the_kernel_is_refused_before_training()
    {
        var classification = TrainingTestData.Random(50, 3, 4, seed: 1);
        var regression = SyntheticData.D2lLinearRegression(seed: 1);
        var softmax = TrainingTestData.SoftmaxParameters(classification);
        using var classifier = new Trainer<SoftmaxRegressionKernels.LossKernel>(softmax, new TrainingOptions { BatchSize = 10 });
        var error = Assert.Throws<ArgumentException>(() => classifier.Step(regression, [0, 1], 0.1f));
        Assert.Contains("load a classification set", error.Message);

        // 9 features in the parameters, 2 in the data: the kernel's own length check, named and explained.
        var wide = Dataset.Classification(new float[20], 2, new int[10], classes: 4);
        error = Assert.Throws<ArgumentException>(() => classifier.Step(wide, [0, 1], 0.1f));
        Assert.Contains("SoftmaxRegressionKernels.Loss does not fit the training set", error.Message);
        _output.WriteLine(error.Message);
        Assert.Contains("the set has 2 features per example, the parameters are w (4 x 9), b (4)", error.Message);

        var squared = ParameterSet.For<TrainingKernels.SquaredRegressionKernel>(ParameterShape.Matrix("w", 1, 2), ParameterShape.Vector("b", 1));
        using var regressor = new Trainer<TrainingKernels.SquaredRegressionKernel>(squared, new TrainingOptions { BatchSize = 10 });
        error = Assert.Throws<ArgumentException>(() => regressor.Step(classification, [0, 1], 0.1f));
        Assert.Contains("load a regression set", error.Message);
    }

    [Fact]
    public void Parameters_round_trip_through_a_checkpoint_by_name()
    {
        using var dir = new TempDirectory();
        var parameters = ParameterSet.For<TrainingKernels.SmoothedCrossEntropyKernel>(ParameterShape.Matrix("w", 4, 9), ParameterShape.Vector("b", 4));
        parameters.InitializeNormal(seed: 6, std: 1f);
        parameters["b"].Values[2] = -1.25f;
        parameters["smoothing"].Value = 0.2f;
        string path = dir.File("model.kgck");
        parameters.ToCheckpoint().Save(path);

        var restored = ParameterSet.For<TrainingKernels.SmoothedCrossEntropyKernel>(ParameterShape.Matrix("w", 4, 9), ParameterShape.Vector("b", 4));
        restored.Restore(KernelGen.Checkpoints.Checkpoint.Load(path));
        foreach (var p in parameters) Assert.Equal(p.Values.ToArray(), restored[p.Name].Values.ToArray());

        var other = ParameterSet.For<TrainingKernels.SmoothedCrossEntropyKernel>(ParameterShape.Matrix("w", 4, 8), ParameterShape.Vector("b", 4));
        var error = Assert.Throws<ArgumentException>(() => other.Restore(KernelGen.Checkpoints.Checkpoint.Load(path)));
        Assert.Contains("'w' is 4 x 9 in the checkpoint", error.Message);
        Assert.All(other["b"].Values.ToArray(), v => Assert.Equal(0f, v)); // nothing was changed
    }

    private static ParameterSet Train<TLoss>(Dataset data, TrainingOptions options, ParameterShape[] shapes) where TLoss : ILossKernel
    {
        var parameters = ParameterSet.For<TLoss>(shapes);
        parameters.InitializeNormal(options.Seed);
        using var trainer = new Trainer<TLoss>(parameters, options);
        var batches = new Minibatches(data.Count, options.BatchSize, options.Seed);
        for (int e = 0; e < options.Epochs; e++) trainer.TrainEpoch(data, null, batches, e);
        return parameters;
    }
}
