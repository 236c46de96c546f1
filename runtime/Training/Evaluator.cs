using System;
using System.Threading.Tasks;
using KernelGen.Data;

namespace KernelGen.Training;

/// <summary>Accuracy and predictions of a model over a dataset, in parallel chunks.</summary>
public static class Evaluator
{
    private const int Chunk = 512;

    /// <summary>The fraction of <paramref name="data"/> the model classifies correctly.</summary>
    public static double Accuracy(SoftmaxRegression model, Dataset data, int threads)
    {
        var predictions = Predict(model, data, threads);
        int correct = 0;
        for (int i = 0; i < data.Count; i++) if (predictions[i] == data.Label(i)) correct++;
        return (double)correct / data.Count;
    }

    /// <summary>The predicted class of every example of <paramref name="data"/>.</summary>
    public static int[] Predict(SoftmaxRegression model, Dataset data, int threads)
    {
        if (model.Features != data.Features)
            throw new ArgumentException($"The model takes {model.Features} features but the data has {data.Features} per example.", nameof(data));
        var predictions = new int[data.Count];
        int chunks = (data.Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, () => new float[Chunk * model.Classes], (c, _, logits) =>
        {
            int start = c * Chunk, rows = Math.Min(Chunk, data.Count - start);
            model.Logits(rows, data.Pixels.Slice(start * data.Features, rows * data.Features), logits.AsSpan(0, rows * model.Classes));
            KernelGen.Metrics.Accuracy.ArgMaxRows(logits.AsSpan(0, rows * model.Classes), model.Classes, predictions.AsSpan(start, rows));
            return logits;
        }, _ => { });
        return predictions;
    }
}
