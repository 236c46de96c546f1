using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using KernelGen.Data;
using KernelGen.Tests.Data;
using KernelGen.Tests.Diagnostics;
using KernelGen.Tests.Infrastructure;
using KernelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Training;

/// <summary>
/// The samples' commands run as a user runs them (the built programs, with arguments), on small slices of real data:
/// the linear-regression sample's last line, `train --preset converge` and `sweep`.
/// </summary>
public sealed class SampleCommandTests
{
    private readonly SamplePrograms _programs;

    public SampleCommandTests(ITestOutputHelper output) => _programs = new SamplePrograms(output);

    [Theory]
    [InlineData("squared")]
    [InlineData("huber")]
    public void Linear_regression_sample_recovers_w_and_b_within_a_hundredth(string loss)
    {
        string output = RunSample("LinearRegression", $"--loss {loss}");
        Assert.Contains("epoch 1: loss", output);
        var learned = Regex.Match(output, @"learned w = \[(?<w1>-?[0-9.]+), (?<w2>-?[0-9.]+)\], b = (?<b>-?[0-9.]+)\s*$");
        Assert.True(learned.Success, "no final 'learned w = [w1, w2], b = b0' line:\n" + output);
        Assert.Equal(2.0, Number(learned, "w1"), 0.01);
        Assert.Equal(-3.4, Number(learned, "w2"), 0.01);
        Assert.Equal(4.2, Number(learned, "b"), 0.01);
    }

    [Fact]
    public void Linear_regression_sample_trains_on_a_csv_file_with_named_targets()
    {
        using var dir = new TempDirectory();
        var set = SyntheticData.D2lLinearRegression(seed: 3);
        string csv = dir.File("d2l.csv");
        File.WriteAllLines(csv, new[] { "y,x1,x2" }.Concat(Enumerable.Range(0, set.Count).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{set.Target(i)[0]:R},{set.Image(i)[0]:R},{set.Image(i)[1]:R}"))));
        string output = RunSample("LinearRegression", $"--csv {csv} --target y");
        Assert.Contains($"{csv}, 1000 examples of 2 features and 1 target(s)", output);
        var learned = Regex.Match(output, @"learned w = \[(?<w1>-?[0-9.]+), (?<w2>-?[0-9.]+)\], b = (?<b>-?[0-9.]+)");
        Assert.Equal(2.0, Number(learned, "w1"), 0.01);
        Assert.Equal(-3.4, Number(learned, "w2"), 0.01);
        Assert.Equal(4.2, Number(learned, "b"), 0.01);

        File.AppendAllText(csv, "1.5,oops,2\n");
        var (exit, error) = Run("LinearRegression", $"--csv {csv} --target y");
        Assert.Equal(1, exit);
        Assert.Contains("line 1002, column 'x1'", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Train_with_the_converge_preset_runs_its_recipe_and_keeps_the_epoch_line_format()
    {
        using var data = MnistSlice(train: 2000, test: 500);
        using var runs = new TempDirectory();
        string output = RunSample("SoftmaxRegression", $"train --preset converge --data {data.Path} --threads 1 --out {runs.Path}");
        var preset = TrainingPresets.Converge;
        Assert.Contains($"preset converge: epochs {preset.Epochs}, batch {preset.BatchSize}, lr {preset.LearningRate}", output);
        var epochs = Regex.Matches(output, @"epoch +(?<n>\d+): train loss [0-9.]+, test loss [0-9.]+, test acc (?<acc>[0-9.]+), (?<ms>\d+) ms, [0-9,]+ examples/s");
        Assert.Equal(Enumerable.Range(1, preset.Epochs), epochs.Select(m => int.Parse(m.Groups["n"].Value)));
        // 2000 images are a twentieth of MNIST: a softmax regression reaches about 0.86 on them.
        Assert.InRange(Number(epochs[^1], "acc"), 0.82, 0.95);
        Assert.Equal(new[] { "accuracy.svg", "loss.svg" }, runs.FileNames());

        // An option given on the command line overrides the preset's.
        output = RunSample("SoftmaxRegression", $"train --preset converge --epochs 2 --data {data.Path} --threads 1 --out {runs.Path}");
        Assert.Contains($"preset converge: epochs 2, batch {preset.BatchSize}", output);
    }

    [Fact]
    public void Sweep_trains_every_combination_and_writes_the_csv_the_plot_and_a_table()
    {
        using var data = MnistSlice(train: 1000, test: 300);
        using var runs = new TempDirectory();
        string output = RunSample("SoftmaxRegression", $"sweep --lr 0.01,1 --batch 32,2048 --epochs 2 --data {data.Path} --threads 2 --out {runs.Path}");

        var lines = File.ReadAllLines(Path.Combine(runs.Path, "sweep.csv"));
        Assert.Equal("lr,batch,epoch,train_loss,test_loss,test_accuracy,ms", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(8, rows.Length); // 2 rates x 2 batch sizes x 2 epochs
        Assert.Equal(new[] { "0.01", "0.01", "0.01", "0.01", "1", "1", "1", "1" }, rows.Select(r => r[0]));
        Assert.Equal(new[] { "32", "32", "2048", "2048", "32", "32", "2048", "2048" }, rows.Select(r => r[1]));
        Assert.Equal(new[] { "1", "2", "1", "2", "1", "2", "1", "2" }, rows.Select(r => r[2]));
        foreach (var r in rows)
        {
            Assert.InRange(double.Parse(r[4], CultureInfo.InvariantCulture), 0.05, 2.4);
            Assert.InRange(double.Parse(r[5], CultureInfo.InvariantCulture), 0.1, 1.0);
        }
        // A batch larger than the data is one full batch per epoch: 1000 examples at lr 0.01 barely move from log 10.
        Assert.True(double.Parse(rows[3][4], CultureInfo.InvariantCulture) > 2.0, "lr 0.01, one step per epoch should still be near log 10");
        // lr 1 with batch 32 learns most in two epochs.
        Assert.True(double.Parse(rows[5][5], CultureInfo.InvariantCulture) > 0.75);

        var svg = XDocument.Load(Path.Combine(runs.Path, "sweep.svg"));
        var series = KernelGen.Tests.Plots.SvgLineChartTests.SeriesGroups(svg).Select(g => (string)g.Attribute("data-name")!).ToArray();
        Assert.Equal(new[] { "lr 0.01, batch 32", "lr 0.01, batch 2048", "lr 1, batch 32", "lr 1, batch 2048" }, series);
        Assert.True(File.Exists(Path.Combine(runs.Path, "sweep-loss.svg")));
        Assert.Contains("best test acc", output);

        // One list given: the other takes its default.
        using var one = new TempDirectory();
        RunSample("SoftmaxRegression", $"sweep --lr 0.5 --epochs 1 --data {data.Path} --threads 1 --out {one.Path}");
        Assert.Equal(4, File.ReadAllLines(Path.Combine(one.Path, "sweep.csv")).Length); // header + batch 32, 1024, 8192
    }

    [Fact]
    public void A_checkpoint_saved_by_train_is_evaluated_by_name_to_the_same_accuracy()
    {
        using var data = MnistSlice(train: 1000, test: 400);
        using var runs = new TempDirectory();
        string model = runs.File("model.kgck");
        string trained = RunSample("SoftmaxRegression", $"train --epochs 2 --data {data.Path} --threads 1 --out {runs.Path} --save {model}");
        string accuracy = Regex.Matches(trained, @"test acc (?<acc>[0-9.]+)")[^1].Groups["acc"].Value;
        var checkpoint = KernelGen.Checkpoints.Checkpoint.Load(model);
        Assert.Equal("SoftmaxRegressionKernels.MnistLoss", checkpoint.Kernel);
        Assert.Equal(new[] { "w", "b" }, checkpoint.Tensors.Select(t => t.Name));

        string evaluated = RunSample("SoftmaxRegression", $"eval --checkpoint {model} --data {data.Path}");
        Assert.Contains($"Test accuracy on {data.Path}: {accuracy}", evaluated);
    }

    [Fact]
    public void A_bad_list_item_is_a_clear_error_not_a_stack_trace()
    {
        var (exit, output) = Run("SoftmaxRegression", "sweep --lr 0.1,fast --epochs 1");
        Assert.NotEqual(0, exit);
        Assert.Contains("'fast' is not a learning rate", output);
        Assert.DoesNotContain("   at ", output);
    }

    private string RunSample(string sample, string arguments) => _programs.Succeed(sample, arguments);

    private (int Exit, string Output) Run(string sample, string arguments)
    {
        var (exit, output, _) = _programs.Run(sample, arguments);
        return (exit, output);
    }

    private static TempDirectory MnistSlice(int train, int test) => SamplePrograms.MnistSlice(train, test);

    private static double Number(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
}
