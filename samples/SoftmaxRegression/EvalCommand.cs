using System;
using System.Linq;
using KernelGen;
using KernelGen.Checkpoints;
using KernelGen.Data;
using KernelGen.Training;
using Spectre.Console;

namespace SoftmaxRegressionSample;

/// <summary>`eval` and `predict` on a saved checkpoint.</summary>
internal sealed class EvalCommand(Checkpoint checkpoint, Dataset test, string dataDirectory, int[]? indices, int threads) : IModelAction
{
    public static int Eval(string checkpointPath, DataSource source, int threads) => Start(checkpointPath, source, null, threads);

    public static int Predict(string checkpointPath, DataSource source, int[] indices, int threads)
        => Start(checkpointPath, source, indices.Length > 0 ? indices : Enumerable.Range(0, 10).ToArray(), threads);

    private static int Start(string checkpointPath, DataSource source, int[]? indices, int threads)
    {
        var checkpoint = Checkpoint.Load(checkpointPath);
        if (!checkpoint.TryGetTensor("w", out var w) || !checkpoint.TryGetTensor("b", out _))
            throw new InvalidOperationException($"{checkpointPath} holds {string.Join(", ", checkpoint.Tensors.Select(t => t.Name))}, not the weights 'w' and bias 'b' of a softmax-regression model.");
        var m = checkpoint.Metadata;
        AnsiConsole.MarkupLine($"Checkpoint {Markup.Escape(checkpointPath)}: {Markup.Escape(checkpoint.Kernel)} {w.Columns} x {w.Rows}, {m.EpochsTrained} epochs, lr {m.LearningRate:G3}, seed {m.Seed}, saved {m.CreatedUtc:u}");
        var (_, test, dir) = source.Load();
        // Said in the data's terms, the same for eval and predict, before any kernel sees mismatched lengths.
        if (w.Columns != test.Features)
            throw new InvalidOperationException($"{checkpointPath} was trained on {w.Columns} features per example, but the test images in {dir} have {test.Features} ({test.Rows}x{test.Columns}). Evaluate it on the data it was trained on.");
        if (w.Rows != test.Classes)
            throw new InvalidOperationException($"{checkpointPath} has {w.Rows} classes, but the test labels in {dir} have {test.Classes} (0 to {test.Classes - 1}). Evaluate it on the data it was trained on, or give --classes {w.Rows} if the labels allow it.");
        return SoftmaxModel.Run(w.Columns, w.Rows, new EvalCommand(checkpoint, test, dir, indices, threads));
    }

    public int Run<TLoss, TLogits>(ParameterSet parameters) where TLoss : ILossKernel where TLogits : IKernel
    {
        parameters.Restore(checkpoint);
        if (indices is null)
        {
            var confusion = Evaluator.Confusion<TLogits>(parameters, test, threads);
            AnsiConsole.MarkupLine($"Test accuracy on {Markup.Escape(dataDirectory)}: [bold]{confusion.Accuracy:F4}[/] ({confusion.Correct} of {confusion.Total})");
            Console.WriteLine(confusion.ToText());
            return 0;
        }

        foreach (int index in indices)
        {
            if ((uint)index >= (uint)test.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"The test set has images 0 to {test.Count - 1}.");
        }
        var predictions = Evaluator.Predict<TLogits>(parameters, test, threads);
        var table = new Table().AddColumns("test image", "label", "predicted");
        foreach (int index in indices)
        {
            int predicted = predictions[index];
            table.AddRow(index.ToString(), test.Label(index).ToString(), predicted == test.Label(index) ? predicted.ToString() : $"[red]{predicted}[/]");
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
