using System;

namespace KernelGen.Metrics;

/// <summary>Turning model outputs into predicted classes and counting how many are right.</summary>
public static class Accuracy
{
    /// <summary>
    /// Index of the largest value; the first one when several are equal.
    /// </summary>
    /// <remarks>
    /// NaN counts as larger than every number, so the index of the first NaN is returned (as NumPy's
    /// <c>argmax</c> does). A row of logits that went NaN is then a deterministic, usually wrong prediction
    /// that shows up as lost accuracy, rather than NaN being skipped and the row scored on whatever finite
    /// values remain. +inf and -inf are ordinary values.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
            throw new ArgumentException("ArgMax of an empty span is undefined.", nameof(values));
        int best = 0;
        float bestValue = values[0];
        if (float.IsNaN(bestValue))
            return 0;
        for (int i = 1; i < values.Length; i++)
        {
            float v = values[i];
            if (float.IsNaN(v))
                return i;
            if (v > bestValue)
            {
                best = i;
                bestValue = v;
            }
        }

        return best;
    }

    /// <summary>
    /// <see cref="ArgMax"/> of each row of a row-major <c>rows x classes</c> matrix, written to
    /// <paramref name="predictions"/> (one entry per row).
    /// </summary>
    public static void ArgMaxRows(ReadOnlySpan<float> scores, int classes, Span<int> predictions)
    {
        if (classes <= 0)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "Need at least one class.");
        if (scores.Length != predictions.Length * (long)classes)
            throw new ArgumentException(
                $"{scores.Length} scores do not make {predictions.Length} rows of {classes} classes.", nameof(scores));
        for (int row = 0; row < predictions.Length; row++)
            predictions[row] = ArgMax(scores.Slice(row * classes, classes));
    }

    /// <summary>
    /// Fraction of positions where <paramref name="predicted"/> equals <paramref name="actual"/>; NaN when
    /// both are empty (no evidence either way, rather than a misleading 0 or 1).
    /// </summary>
    public static double Of(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual)
    {
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"{predicted.Length} predictions for {actual.Length} labels.", nameof(actual));
        if (actual.IsEmpty)
            return double.NaN;
        int correct = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (predicted[i] == actual[i])
                correct++;
        }

        return correct / (double)actual.Length;
    }
}
