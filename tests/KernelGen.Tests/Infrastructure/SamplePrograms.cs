using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using KernelGen.Data;
using KernelGen.Tests.Data;
using KernelGen.Tests.Diagnostics;
using KernelGen.Tests.Training;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Infrastructure;

/// <summary>
/// The samples' programs, run as a user runs them: the built dll with arguments, output redirected. The test project
/// references the samples, so they are built in the same configuration before any test runs.
/// </summary>
public sealed class SamplePrograms(ITestOutputHelper output)
{
    /// <summary>Runs <paramref name="sample"/> and returns its exit code, its output as printed, and that output without escape codes.</summary>
    public (int Exit, string Output, string Raw) Run(string sample, string arguments, IReadOnlyDictionary<string, string>? environment = null, string? asUser = null)
    {
        string root = DiagnosticTests.RepositoryRoot();
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string dll = Path.Combine(root, "samples", sample, "bin", configuration, "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        var (exit, raw) = asUser is null
            ? ProcessRunner.Run("dotnet", $"\"{dll}\" {arguments}", root, TimeSpan.FromMinutes(5), environment)
            : ProcessRunner.Run("setpriv", $"--reuid={asUser} --regid={asUser} --clear-groups dotnet \"{dll}\" {arguments}", root, TimeSpan.FromMinutes(5), environment);
        output.WriteLine($"$ {sample} {arguments}\n{raw}");
        return (exit, Regex.Replace(raw, @"\x1b\[[0-9;?]*[A-Za-z]", ""), raw);
    }

    /// <summary>Runs <paramref name="sample"/> and asserts that it succeeded; returns its output.</summary>
    public string Succeed(string sample, string arguments)
    {
        var (exit, text, _) = Run(sample, arguments);
        Assert.True(exit == 0, $"{sample} {arguments} exited with {exit}:\n{text}");
        return text;
    }

    /// <summary>
    /// Runs <paramref name="sample"/>, asserts the exit code and that the output says <paramref name="message"/> and has no
    /// stack trace; returns the output.
    /// </summary>
    public string Fail(string sample, string arguments, int exit, string message, IReadOnlyDictionary<string, string>? environment = null, string? asUser = null)
    {
        var (code, text, _) = Run(sample, arguments, environment, asUser);
        Assert.True(code == exit, $"{sample} {arguments} exited with {code}, not {exit}:\n{text}");
        Assert.Contains(message, text);
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception:", text);
        return text;
    }

    /// <summary>The first examples of the real MNIST, written as the four IDX files of a data directory, with labels changed as asked.</summary>
    public static TempDirectory MnistSlice(int train, int test, Func<int, byte, byte>? trainLabel = null, int columns = 28)
    {
        var (fullTrain, fullTest) = TrainingTestData.Mnist;
        var dir = new TempDirectory();
        Write(dir, fullTrain, train, IdxDirectory.TrainImages, IdxDirectory.TrainLabels, trainLabel, columns);
        Write(dir, fullTest, test, IdxDirectory.TestImages, IdxDirectory.TestLabels, null, columns);
        return dir;
    }

    private static void Write(TempDirectory dir, Dataset set, int count, string images, string labels, Func<int, byte, byte>? label, int columns)
    {
        // Pixels were bytes scaled by 1/255: scaling back and rounding gives the file's bytes exactly. Other widths
        // than 28 pad or cut each image's rows, for a data set of another feature count.
        var pixels = new byte[count * 28 * columns];
        for (int i = 0; i < count; i++)
        {
            var image = set.Image(i);
            for (int r = 0; r < 28; r++)
                for (int c = 0; c < Math.Min(28, columns); c++)
                    pixels[(i * 28 + r) * columns + c] = (byte)Math.Round(image[r * 28 + c] * 255);
        }
        IdxTestFiles.WriteImages(dir.File(images), count, 28, columns, pixels);
        var bytes = set.Labels.Slice(0, count).ToArray();
        if (label is not null) for (int i = 0; i < count; i++) bytes[i] = label(i, bytes[i]);
        IdxTestFiles.WriteLabels(dir.File(labels), bytes);
    }
}
