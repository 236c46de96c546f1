using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Packaging;

/// <summary>
/// The packages as a user meets them: `dotnet add package` in a fresh project outside the repository, a kernel written
/// there, built, run and checked; a bad kernel reported as a KG diagnostic; the generator's absence explained.
/// </summary>
public sealed partial class PackageConsumerTests : IClassFixture<PackageFeed>
{
    private readonly PackageFeed _feed;
    private readonly ITestOutputHelper _output;

    public PackageConsumerTests(PackageFeed feed, ITestOutputHelper output)
    {
        _feed = feed;
        _output = output;
    }

    [Fact]
    public void KernelGen_from_the_feed_generates_a_stable_kernel_and_reports_a_bad_one()
    {
        string dir = _feed.NewConsumer("KernelsOnly", "", """
            using KernelGen;
            using static KernelGen.Ops;

            var p = new float[3];
            Losses.SoftmaxKernel.Forward(new float[] { 90f, 95f, 99f }, p);
            Console.WriteLine(string.Join(" ", p.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

            static partial class Losses
            {
                [Kernel] public static Vec Softmax(Vec x) => Exp(x) / Sum(Exp(x));
            }
            """);
        Succeed("add package KernelGen --version 0.1.0", dir);
        string output = Succeed("run -c Release", dir);

        // softmax([90, 95, 99]) in double: the naive formula overflows in float, the generated kernel does not.
        double[] x = [90, 95, 99];
        var expected = x.Select(v => Math.Exp(v - 99) / x.Sum(u => Math.Exp(u - 99))).ToArray();
        var actual = output.Trim().Split('\n')[^1].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 1e-6);

        File.AppendAllText(Path.Combine(dir, "Program.cs"), """

            static partial class Bad
            {
                [Kernel] public static float First(Vec x) => x[-1];
            }
            """);
        var (exit, build) = _feed.Dotnet("build -c Release", dir);
        _output.WriteLine(build);
        Assert.NotEqual(0, exit);
        Assert.Matches(@"error KG0011: Index '-1' is negative", build);
        Assert.DoesNotContain("CS8785", build);
    }

    [Fact]
    public void KernelGen_Training_alone_brings_the_generator_and_trains_a_kernel_of_the_project()
    {
        string dir = _feed.NewConsumer("TrainsItsKernel", "", """
            using KernelGen;
            using KernelGen.Data;
            using KernelGen.Training;
            using static KernelGen.Ops;

            // y = 3 x1 - 2 x2 + 1, no noise: least squares recovers it.
            var random = new Random(1);
            var x = Enumerable.Range(0, 400).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var y = Enumerable.Range(0, 200).Select(i => 3 * x[2 * i] - 2 * x[2 * i + 1] + 1).ToArray();
            var data = Dataset.Regression(x, featureCount: 2, y);
            var parameters = ParameterSet.For<Model.SquaredKernel>(ParameterShape.Matrix("w", 1, 2), ParameterShape.Vector("b", 1));
            var options = new TrainingOptions { Epochs = 60, BatchSize = 20, LearningRate = 0.1f, Threads = 1 };
            using var trainer = new Trainer<Model.SquaredKernel>(parameters, options);
            var batches = new Minibatches(data.Count, options.BatchSize, options.Seed);
            for (int e = 0; e < options.Epochs; e++) trainer.TrainEpoch(data, null, batches, e);
            var w = parameters["w"].Values;
            Console.WriteLine(FormattableString.Invariant($"w = {w[0]:F4} {w[1]:F4}, b = {parameters["b"].Values[0]:F4}"));

            static partial class Model
            {
                [Kernel] public static float Squared([NoGradient] Vec x, Mat w, [Shared] Vec b, [NoGradient] Vec y) => 0.5f * Sum(Square(w * x + b - y));
            }
            """);
        Succeed("add package KernelGen.Training --version 0.1.0", dir);
        string output = Succeed("run -c Release", dir);
        var line = Regex.Match(output, @"w = (?<w1>-?[0-9.]+) (?<w2>-?[0-9.]+), b = (?<b>-?[0-9.]+)");
        Assert.True(line.Success, output);
        Assert.Equal(3.0, double.Parse(line.Groups["w1"].Value, CultureInfo.InvariantCulture), 1e-3);
        Assert.Equal(-2.0, double.Parse(line.Groups["w2"].Value, CultureInfo.InvariantCulture), 1e-3);
        Assert.Equal(1.0, double.Parse(line.Groups["b"].Value, CultureInfo.InvariantCulture), 1e-3);
    }

    [Fact]
    public void Without_the_generator_the_build_says_why_not_only_CS0117()
    {
        // A build that drops the package's analyzer, the way a target or a build setting can.
        string dir = _feed.NewConsumer("NoGenerator", """
                <PackageReference Include="KernelGen" Version="0.1.0" />
              </ItemGroup>
              <Target Name="DropAnalyzers" BeforeTargets="CoreCompile">
                <ItemGroup>
                  <Analyzer Remove="@(Analyzer)" />
                </ItemGroup>
              </Target>
              <ItemGroup>
            """, SoftmaxProgram);
        var (exit, build) = _feed.Dotnet("build -c Release", dir);
        _output.WriteLine(build);
        Assert.NotEqual(0, exit);
        Assert.Contains("warning KG0100: KernelGen's source generator (KernelGen.Generator.dll) is not among this project's analyzers", build);
        Assert.Contains("error CS0117", build); // what it explains
    }

    [Fact]
    public void KernelGen_Testing_snapshots_a_kernel_of_a_fresh_xunit_project_new_then_accepted_then_changed()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The kernel is compiled by the project's build (the analyzer KernelGen.Testing brings with KernelGen) and read
        // by the test, as a user snapshots their own kernels.
        string dir = _feed.NewTestProject("SnapshotsItsKernel",
            ("Losses.cs", """
                using KernelGen;
                using static KernelGen.Ops;

                namespace MyApp;

                public static partial class Losses
                {
                    [Kernel] public static Vec Softmax(Vec x) => Exp(x) / Sum(Exp(x));
                }
                """),
            ("LossTests.cs", """
                using System.Runtime.CompilerServices;
                using KernelGen.Testing;
                using Xunit;

                public class LossTests
                {
                    [Fact]
                    public void Softmax()
                    {
                        var run = KernelGeneratorRunner.Run(File.ReadAllText(Path.Combine(Here(), "Losses.cs")));
                        Assert.Empty(run.GeneratorDiagnostics);
                        // The project's build compiled the same kernel: its generated class is there.
                        Assert.Equal("SoftmaxKernel", typeof(MyApp.Losses.SoftmaxKernel).Name);
                        KernelSnapshot.VerifyKernel(run, "Losses.Softmax");
                    }

                    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
                }
                """));
        string verified = Path.Combine(dir, "LossTests.Softmax.verified.cs");
        string received = Path.Combine(dir, "LossTests.Softmax.received.cs");
        Succeed("add package KernelGen.Testing --version 0.1.0", dir);
        _output.WriteLine($"[{clock.Elapsed.TotalSeconds:F1} s] restored");

        // 1. No verified file yet: the test fails, says so, and writes the received file.
        string first = Fail("test -c Release --no-restore", dir);
        Assert.Contains("New snapshot: there is no " + verified + " yet.", first);
        Assert.True(File.Exists(received), "no received file after the first run");
        Assert.False(File.Exists(verified));
        Assert.StartsWith("//HintName: MyApp.Losses.Softmax.g.cs\n// <auto-generated/>\n", File.ReadAllText(received));
        _output.WriteLine($"[{clock.Elapsed.TotalSeconds:F1} s] first run failed as new");

        // 2. Accepted, the way the message says: the received file moved over the verified one. Built again as a user's
        // `dotnet test` would, which proves the package keeps the new .verified.cs out of the project's compilation.
        File.Move(received, verified);
        string second = Succeed("test -c Release --no-restore", dir);
        Assert.Contains("Passed!", second);
        Assert.False(File.Exists(received));
        _output.WriteLine($"[{clock.Elapsed.TotalSeconds:F1} s] accepted snapshot passed");

        // 3. The kernel changed: the test fails with the diff of the generated code, and a new received file.
        File.WriteAllText(Path.Combine(dir, "Losses.cs"), File.ReadAllText(Path.Combine(dir, "Losses.cs")).Replace("Exp(x) / Sum(Exp(x))", "Square(x) / Sum(Square(x))"));
        string third = Fail("test -c Release --no-restore", dir);
        Assert.Contains("Snapshot changed: " + verified, third);
        Assert.Contains("--- LossTests.Softmax.verified.cs", third);
        Assert.Contains("+++ LossTests.Softmax.received.cs", third);
        Assert.Matches(@"@@ -\d+,\d+ \+\d+,\d+ @@", third);
        Assert.Contains("-    /// <para>As written: <c>Exp(x) / Sum(Exp(x))</c></para>", third);
        Assert.Contains("+    /// <para>As written: <c>Square(x) / Sum(Square(x))</c></para>", third);
        Assert.True(File.Exists(received), "no received file after the change");
        _output.WriteLine($"[{clock.Elapsed.TotalSeconds:F1} s] changed kernel failed with its diff");
    }

    private string Fail(string arguments, string dir)
    {
        var (exit, output) = _feed.Dotnet(arguments, dir);
        _output.WriteLine($"$ dotnet {arguments}\n{output}");
        Assert.True(exit != 0, $"dotnet {arguments} was expected to fail, but exited with 0:\n{output}");
        return output;
    }

    /// <summary>A program that calls a generated kernel: it builds only if the generator ran.</summary>
    internal const string SoftmaxProgram = """
        using KernelGen;
        using static KernelGen.Ops;
        var p = new float[2];
        Losses.SoftmaxKernel.Forward(new float[] { 1f, 2f }, p);
        static partial class Losses
        {
            [Kernel] public static Vec Softmax(Vec x) => Exp(x) / Sum(Exp(x));
        }
        """;

    private string Succeed(string arguments, string dir)
    {
        var (exit, output) = _feed.Dotnet(arguments, dir);
        _output.WriteLine($"$ dotnet {arguments}\n{output}");
        Assert.True(exit == 0, $"dotnet {arguments} exited with {exit}:\n{output}");
        return output;
    }
}
