using System;
using System.Globalization;

namespace KernelGen.Data;

// Tabular sets from arrays in memory: one row of features per example, with labels or with float targets.
public sealed partial class Dataset
{
    /// <summary>
    /// Creates a tabular classification set from features and labels already in memory (both are copied):
    /// <see cref="Rows"/> is 1 and <see cref="Columns"/> is <paramref name="featureCount"/>.
    /// </summary>
    /// <param name="features">Count x <paramref name="featureCount"/> features, row-major; every one finite.</param>
    /// <param name="featureCount">Features per example, at least 1.</param>
    /// <param name="labels">One class index per example, in [0, classes).</param>
    /// <param name="classes">The number of classes, 1 to 256 (labels are stored as bytes); null for the largest
    /// label + 1, which needs at least one label.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is below 1, or
    /// <paramref name="classes"/> is not in 1 to 256.</exception>
    /// <exception cref="ArgumentException">The sizes do not agree, a label is out of range (the message names
    /// its index and value), or a feature is NaN or infinite (the message names the example and column).</exception>
    public static Dataset Classification(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<int> labels, int? classes = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (classes is int given)
            CheckClassCount(given);
        if ((long)labels.Length * featureCount != features.Length)
            throw new ArgumentException($"{features.Length} features do not make {labels.Length} examples of {featureCount} features.", nameof(features));
        if (classes is null && labels.IsEmpty)
            throw new ArgumentException("An empty data set needs its class count given.", nameof(classes));

        int limit = classes ?? 256;
        var stored = new byte[labels.Length];
        int max = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if (label < 0)
                throw new ArgumentException($"Label {label} at index {i} is negative; labels are class indices 0, 1, 2, ...", nameof(labels));
            if (label >= limit)
                throw new ArgumentException(classes is null
                    ? $"Label {label} at index {i} is above 255; labels are stored as bytes, so a set has at most 256 classes."
                    : $"Label {label} at index {i} is not below the class count {limit}.", nameof(labels));
            stored[i] = (byte)label;
            max = Math.Max(max, label);
        }
        CheckFinite(features, featureCount, "feature", nameof(features));

        return new Dataset(labels.Length, featureCount, features.ToArray(), classes ?? max + 1, stored, [], 0);
    }

    /// <summary>
    /// Creates a tabular regression set from features and targets already in memory (both are copied):
    /// <see cref="Rows"/> is 1, <see cref="Columns"/> is <paramref name="featureCount"/>, <see cref="Classes"/> is 0
    /// and <see cref="HasLabels"/> is false.
    /// </summary>
    /// <param name="features">Count x <paramref name="featureCount"/> features, row-major; every one finite.</param>
    /// <param name="featureCount">Features per example, at least 1.</param>
    /// <param name="targets">Count x <paramref name="targetLength"/> targets, row-major; every one finite. Their
    /// number decides the count.</param>
    /// <param name="targetLength">Targets per example, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> or <paramref name="targetLength"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The sizes do not agree, or a feature or target is NaN or infinite
    /// (the message names the example and column).</exception>
    public static Dataset Regression(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<float> targets, int targetLength = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetLength, 1);
        if (targets.Length % targetLength != 0)
            throw new ArgumentException($"{targets.Length} targets do not make whole examples of {targetLength} targets.", nameof(targets));
        int count = targets.Length / targetLength;
        if ((long)count * featureCount != features.Length)
            throw new ArgumentException($"{features.Length} features do not make {count} examples of {featureCount} features (the count the {targets.Length} targets give).", nameof(features));
        CheckFinite(features, featureCount, "feature", nameof(features));
        CheckFinite(targets, targetLength, "target", nameof(targets));

        return new Dataset(count, featureCount, features.ToArray(), 0, [], targets.ToArray(), targetLength);
    }

    /// <summary>A classification set over arrays the caller has checked and gives up.</summary>
    internal static Dataset OwnClassification(int featureCount, float[] features, byte[] labels, int classes)
        => new(labels.Length, featureCount, features, classes, labels, [], 0);

    /// <summary>A regression set over arrays the caller has checked and gives up.</summary>
    internal static Dataset OwnRegression(int featureCount, float[] features, float[] targets, int targetLength)
        => new(targets.Length / targetLength, featureCount, features, 0, [], targets, targetLength);

    private static void CheckFinite(ReadOnlySpan<float> values, int perExample, string noun, string parameter)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new ArgumentException(
                    $"Example {i / perExample}, {noun} {i % perExample}: {values[i].ToString(CultureInfo.InvariantCulture)} is not a finite number; a data set holds finite values only.",
                    parameter);
        }
    }
}
