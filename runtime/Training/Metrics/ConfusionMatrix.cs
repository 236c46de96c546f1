using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KernelGen.Metrics;

/// <summary>
/// Counts of (actual class, predicted class) pairs for a k-class classifier, with accuracy, per-class
/// precision and recall, and a text table for the terminal.
/// </summary>
/// <remarks>Ratios that would divide by zero (an empty matrix, a class never seen or never predicted) are NaN.</remarks>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;
    private readonly string[] _classNames;

    /// <summary>An empty matrix for <paramref name="classCount"/> classes.</summary>
    /// <param name="classCount">Number of classes k (at least 1).</param>
    /// <param name="classNames">Labels for the table, one per class; default "0", "1", ...</param>
    public ConfusionMatrix(int classCount, IReadOnlyList<string>? classNames = null)
    {
        if (classCount < 1)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "Need at least one class.");
        if (classNames is not null && classNames.Count != classCount)
            throw new ArgumentException($"{classNames.Count} names for {classCount} classes.", nameof(classNames));
        ClassCount = classCount;
        _counts = new long[classCount * classCount];
        _classNames = classNames?.ToArray()
            ?? Enumerable.Range(0, classCount).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Number of classes k.</summary>
    public int ClassCount { get; }

    /// <summary>How many samples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted]
    {
        get
        {
            CheckClass(actual, nameof(actual));
            CheckClass(predicted, nameof(predicted));
            return _counts[actual * ClassCount + predicted];
        }
    }

    /// <summary>Number of samples counted.</summary>
    public long Total => _counts.Sum();

    /// <summary>Number of samples whose prediction was right (the diagonal).</summary>
    public long Correct
    {
        get
        {
            long sum = 0;
            for (int c = 0; c < ClassCount; c++)
                sum += _counts[c * ClassCount + c];
            return sum;
        }
    }

    /// <summary>Fraction of samples predicted correctly; NaN when empty.</summary>
    public double Accuracy => Ratio(Correct, Total);

    /// <summary>Counts one sample.</summary>
    public void Add(int actual, int predicted)
    {
        CheckClass(actual, nameof(actual));
        CheckClass(predicted, nameof(predicted));
        _counts[actual * ClassCount + predicted]++;
    }

    /// <summary>Counts one sample per position of two equally long spans.</summary>
    public void Add(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        if (actual.Length != predicted.Length)
            throw new ArgumentException($"{actual.Length} labels but {predicted.Length} predictions.", nameof(predicted));
        for (int i = 0; i < actual.Length; i++)
            Add(actual[i], predicted[i]);
    }

    /// <summary>Adds the counts of <paramref name="other"/> (e.g. from another thread's share of the data).</summary>
    public void Merge(ConfusionMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.ClassCount != ClassCount)
            throw new ArgumentException($"Cannot merge a {other.ClassCount}-class matrix into a {ClassCount}-class one.", nameof(other));
        for (int i = 0; i < _counts.Length; i++)
            _counts[i] += other._counts[i];
    }

    /// <summary>Of the samples predicted as <paramref name="cls"/>, the fraction that really were; NaN if none were.</summary>
    public double Precision(int cls)
    {
        CheckClass(cls, nameof(cls));
        long predicted = 0;
        for (int a = 0; a < ClassCount; a++)
            predicted += _counts[a * ClassCount + cls];
        return Ratio(_counts[cls * ClassCount + cls], predicted);
    }

    /// <summary>Of the samples of class <paramref name="cls"/>, the fraction predicted as it; NaN if there were none.</summary>
    public double Recall(int cls)
    {
        CheckClass(cls, nameof(cls));
        long actual = 0;
        for (int p = 0; p < ClassCount; p++)
            actual += _counts[cls * ClassCount + p];
        return Ratio(_counts[cls * ClassCount + cls], actual);
    }

    /// <summary>
    /// The matrix as an aligned text table: actual classes down, predicted classes across, recall at the end
    /// of each row, precision under each column, and the overall accuracy last. Undefined ratios show as "-".
    /// </summary>
    public string ToText() => ConfusionMatrixText.Render(this, _classNames);

    /// <inheritdoc/>
    public override string ToString() => ToText();

    private void CheckClass(int cls, string parameter)
    {
        if ((uint)cls >= (uint)ClassCount)
            throw new ArgumentOutOfRangeException(parameter, cls, $"Class must be in [0, {ClassCount}).");
    }

    private static double Ratio(long part, long whole) => whole == 0 ? double.NaN : part / (double)whole;
}
