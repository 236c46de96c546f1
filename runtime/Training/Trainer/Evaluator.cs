using System;
using System.Threading.Tasks;
using KernelGen.Data;
using KernelGen.Metrics;

namespace KernelGen.Training;

/// <summary>
/// Evaluation of a model over a data set, in parallel chunks: the mean loss by a loss kernel, and predictions,
/// accuracy and the confusion matrix by a logits kernel (the predicted class is the largest logit, the first on ties).
/// Both kernels bind to the same <see cref="ParameterSet"/> by parameter name.
/// </summary>
public static class Evaluator
{
    private const int Chunk = 512;

    /// <summary>The mean of <typeparamref name="TLoss"/> over every example of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The kernel, the parameters and the data do not fit together; the message says how.</exception>
    public static double MeanLoss<TLoss>(ParameterSet parameters, Dataset data, int threads) where TLoss : IKernel
    {
        var binding = Bind<TLoss>(parameters, data, returnsVector: false);
        var chunkSums = ForEachChunk<TLoss>(binding, data, threads, outputPerRow: 1, (start, rows, values) =>
        {
            double sum = 0;
            foreach (float v in values) sum += v;
            return sum;
        });
        // Summed in chunk order, so the figure does not depend on which thread finished first.
        double total = 0;
        foreach (double sum in chunkSums) total += sum;
        return total / data.Count;
    }

    /// <summary>The predicted class of every example of <paramref name="data"/> by the logits kernel <typeparamref name="TLogits"/>.</summary>
    /// <exception cref="ArgumentException">The kernel, the parameters and the data do not fit together, or the kernel does not write one logit per class.</exception>
    public static int[] Predict<TLogits>(ParameterSet parameters, Dataset data, int threads) where TLogits : IKernel
    {
        var binding = Bind<TLogits>(parameters, data, returnsVector: true);
        if (!data.HasLabels)
            throw new ArgumentException($"Predicting classes with {TLogits.Signature.Name} needs a classification set (the class count gives the logits per row); this one has regression targets.", nameof(data));
        int classes = data.Classes;
        var predictions = new int[data.Count];
        ForEachChunk<TLogits>(binding, data, threads, outputPerRow: classes, (start, rows, logits) =>
        {
            Metrics.Accuracy.ArgMaxRows(logits, classes, predictions.AsSpan(start, rows));
            return 0;
        });
        return predictions;
    }

    /// <summary>The fraction of <paramref name="data"/> that <typeparamref name="TLogits"/> classifies correctly.</summary>
    public static double Accuracy<TLogits>(ParameterSet parameters, Dataset data, int threads) where TLogits : IKernel
        => Confusion<TLogits>(parameters, data, threads).Accuracy;

    /// <summary>The confusion matrix of <typeparamref name="TLogits"/> on <paramref name="data"/> (rows: actual class, columns: predicted).</summary>
    public static ConfusionMatrix Confusion<TLogits>(ParameterSet parameters, Dataset data, int threads) where TLogits : IKernel
    {
        var predictions = Predict<TLogits>(parameters, data, threads);
        var confusion = new ConfusionMatrix(data.Classes);
        for (int i = 0; i < data.Count; i++) confusion.Add(data.Label(i), predictions[i]);
        return confusion;
    }

    private static KernelBinding Bind<TKernel>(ParameterSet parameters, Dataset data, bool returnsVector) where TKernel : IKernel
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        var signature = TKernel.Signature;
        if (signature.ReturnsVector != returnsVector)
            throw new ArgumentException(returnsVector
                ? $"Kernel {signature.Name} returns a float; predictions need a kernel that returns the logits as a Vec."
                : $"Kernel {signature.Name} returns a Vec; a loss is a kernel that returns a float.");
        var binding = new KernelBinding(signature, parameters, training: false);
        binding.CheckData(data, "evaluation");
        return binding;
    }

    /// <summary>What one chunk's forward output (rows <paramref name="start"/>.. of the set) comes to.</summary>
    // A delegate type of its own, not Func<..., ReadOnlySpan<float>, ...>: a span as a type argument takes C# 13 and .NET 9.
    private delegate double ChunkFold(int start, int rows, ReadOnlySpan<float> output);

    /// <summary>Runs the kernel's forward pass over <paramref name="data"/> in chunks of rows, in parallel; returns what <paramref name="fold"/> made of each chunk's output.</summary>
    private static double[] ForEachChunk<TKernel>(KernelBinding binding, Dataset data, int threads, int outputPerRow,
        ChunkFold fold) where TKernel : IKernel
    {
        int chunks = (data.Count + Chunk - 1) / Chunk;
        var results = new double[chunks];
        try
        {
            RunChunks();
        }
        catch (AggregateException parallel) when (parallel.InnerExceptions.Count > 0)
        {
            // The first chunk's error is the user's, with its message; the parallel wrapper adds nothing.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(parallel.InnerExceptions[0]);
        }
        return results;

        void RunChunks() => Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            () => (Arguments: binding.CreateArguments(), Labels: new int[Chunk], Output: new float[Chunk * outputPerRow]),
            (c, _, local) =>
            {
                int start = c * Chunk, rows = Math.Min(Chunk, data.Count - start);
                binding.SetRows(local.Arguments, data, start, rows, local.Labels);
                var arguments = local.Arguments;
                var output = local.Output.AsMemory(0, rows * outputPerRow);
                binding.Explain(data, "evaluation", () => TKernel.ForwardBatch(rows, arguments, output.Span),
                    logitsPerRow: binding.Signature.ReturnsVector ? outputPerRow : 0);
                results[c] = fold(start, rows, output.Span);
                return local;
            },
            _ => { });
    }
}
