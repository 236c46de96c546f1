using System;
using System.Linq;
using KernelGen.Checkpoints;
using KernelGen.Metrics;
using KernelGen.Training;
using Spectre.Console;

namespace SoftmaxRegressionSample;

/// <summary>`eval` and `predict` on a saved checkpoint.</summary>
internal static class EvalCommand
{
    public static SoftmaxRegression LoadModel(string checkpointPath)
    {
        var checkpoint = Checkpoint.Load(checkpointPath);
        CheckpointTensor w = checkpoint["w"], b = checkpoint["b"];
        var model = new SoftmaxRegression(w.Columns, w.Rows);
        w.Values.Span.CopyTo(model.Weights);
        b.Values.Span.CopyTo(model.Bias);
        var m = checkpoint.Metadata;
        AnsiConsole.MarkupLine($"Checkpoint {Markup.Escape(checkpointPath)}: {model.Features} x {model.Classes}, {m.EpochsTrained} epochs, lr {m.LearningRate:G3}, seed {m.Seed}, saved {m.CreatedUtc:u}");
        return model;
    }

    public static int Eval(string checkpointPath, string? dataDirectory, int threads)
    {
        var model = LoadModel(checkpointPath);
        var (_, test, dir) = DataOptions.Load(dataDirectory, message => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]"));
        var predictions = Evaluator.Predict(model, test, threads);
        var confusion = new ConfusionMatrix(model.Classes);
        for (int i = 0; i < test.Count; i++) confusion.Add(test.Label(i), predictions[i]);
        AnsiConsole.MarkupLine($"Test accuracy on {Markup.Escape(dir)}: [bold]{confusion.Accuracy:F4}[/] ({confusion.Correct} of {confusion.Total})");
        Console.WriteLine(confusion.ToText());
        return 0;
    }

    public static int Predict(string checkpointPath, string? dataDirectory, int[] indices, int threads)
    {
        var model = LoadModel(checkpointPath);
        var (_, test, _) = DataOptions.Load(dataDirectory, message => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]"));
        var table = new Table().AddColumns("test image", "label", "predicted");
        foreach (int index in indices.Length > 0 ? indices : Enumerable.Range(0, 10).ToArray())
        {
            if ((uint)index >= (uint)test.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"The test set has images 0 to {test.Count - 1}.");
            int predicted = model.Predict(test.Image(index));
            table.AddRow(index.ToString(), test.Label(index).ToString(), predicted == test.Label(index) ? predicted.ToString() : $"[red]{predicted}[/]");
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
