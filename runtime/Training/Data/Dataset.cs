using System;

namespace KernelGen.Data;

/// <summary>
/// An immutable data set of <see cref="Count"/> examples, each a vector of <see cref="Features"/> floats and
/// either a class label below <see cref="Classes"/> (a classification set, <see cref="HasLabels"/>) or
/// <see cref="TargetLength"/> float targets (a regression set).
/// </summary>
/// <remarks>
/// <para>
/// An image set has <see cref="Rows"/> x <see cref="Columns"/> pixels per example; a tabular set (made by
/// <see cref="Classification"/>, <see cref="Regression"/>, <see cref="CsvData"/> or <see cref="SyntheticData"/>)
/// has one row of <see cref="Columns"/> features.
/// </para>
/// <para>
/// Features are stored as floats, in one row-major array of <see cref="Count"/> x <see cref="Features"/>, so a
/// batch of consecutive examples is one contiguous span of <see cref="Pixels"/>; targets likewise, in
/// <see cref="Targets"/>. A set loaded from IDX files also keeps the file's bytes: <see cref="CopyImages"/>, the
/// minibatch gather, reads those (a quarter of the memory traffic) and scales them to the same floats. Nothing
/// hands out the arrays themselves, which keeps the set immutable and safe to share between threads.
/// </para>
/// </remarks>
public sealed partial class Dataset
{
    private readonly float[] _pixels;
    // Empty for a regression set.
    private readonly byte[] _labels;
    // Count x TargetLength, row-major; empty for a classification set.
    private readonly float[] _targets;
    // The file's bytes, kept beside the floats when loaded from IDX files: a batch gather then reads a quarter of
    // the memory and scales on the fly (to the same floats).
    private readonly byte[]? _bytePixels;

    /// <summary>
    /// Creates a data set from pixels and labels already in memory (both are copied).
    /// </summary>
    /// <param name="pixels">Count x rows x columns pixels, row-major, taken as given (<see cref="Load"/> scales to [0, 1]).</param>
    /// <param name="labels">One label per image.</param>
    /// <param name="rows">Pixel rows per image, at least 1.</param>
    /// <param name="columns">Pixel columns per image, at least 1.</param>
    /// <param name="classes">The number of classes, 1 to 256; null for the largest label + 1 (which needs at least one label).</param>
    /// <exception cref="ArgumentException">The sizes do not agree, or a label is not below <paramref name="classes"/>.</exception>
    public Dataset(ReadOnlySpan<float> pixels, ReadOnlySpan<byte> labels, int rows, int columns, int? classes = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if ((long)labels.Length * rows * columns != pixels.Length)
            throw new ArgumentException($"{pixels.Length} pixels do not make {labels.Length} images of {rows} x {columns}.", nameof(pixels));
        if (classes is null && labels.IsEmpty)
            throw new ArgumentException("An empty data set needs its class count given.", nameof(classes));

        int resolved = classes ?? MaxLabel(labels) + 1;
        CheckClassCount(resolved);
        int bad = FirstLabelNotBelow(labels, resolved);
        if (bad >= 0)
            throw new ArgumentException($"Label {labels[bad]} at index {bad} is not below the class count {resolved}.", nameof(labels));

        Rows = rows;
        Columns = columns;
        Classes = resolved;
        Count = labels.Length;
        _pixels = pixels.ToArray();
        _labels = labels.ToArray();
        _targets = [];
    }

    // Takes ownership of arrays that Load just made; the public constructor copies instead.
    private Dataset(int rows, int columns, int classes, byte[] bytePixels, byte[] labels)
    {
        Rows = rows;
        Columns = columns;
        Classes = classes;
        _bytePixels = bytePixels;
        _pixels = GC.AllocateUninitializedArray<float>(bytePixels.Length);
        PixelScaling.ToUnitInterval(bytePixels, _pixels);
        _labels = labels;
        _targets = [];
        Count = labels.Length;
    }

    // Takes ownership of a tabular set's arrays, already checked: labels for a classification set (classes >= 1,
    // no targets), or targets for a regression set (classes 0, no labels).
    private Dataset(int count, int featureCount, float[] features, int classes, byte[] labels, float[] targets, int targetLength)
    {
        Rows = 1;
        Columns = featureCount;
        Count = count;
        Classes = classes;
        TargetLength = targetLength;
        _pixels = features;
        _labels = labels;
        _targets = targets;
    }

    /// <summary>Number of examples (images, for an image set).</summary>
    public int Count { get; }

    /// <summary>Pixel rows per image; 1 for a tabular set.</summary>
    public int Rows { get; }

    /// <summary>Pixel columns per image; the feature count for a tabular set.</summary>
    public int Columns { get; }

    /// <summary>Features per example, <see cref="Rows"/> x <see cref="Columns"/> (pixels per image): the length of one input vector.</summary>
    public int Features => Rows * Columns;

    /// <summary>Number of classes, every label is below it (10 for MNIST and Fashion-MNIST); 0 for a regression set.</summary>
    public int Classes { get; }

    /// <summary>True for a classification set, whose examples have labels; false for a regression set, whose examples have targets.</summary>
    public bool HasLabels => Classes > 0;

    /// <summary>Float targets per example of a regression set (1 for a single output); 0 for a classification set.</summary>
    public int TargetLength { get; }

    /// <summary>All features, <see cref="Count"/> x <see cref="Features"/>, row-major; example i starts at i x <see cref="Features"/>.</summary>
    public ReadOnlySpan<float> Pixels => _pixels;

    /// <summary>Examples [start, start + count) of <see cref="Pixels"/>, in place: for evaluation, which reads the set in order.</summary>
    internal ReadOnlyMemory<float> FeatureRows(int start, int count) => _pixels.AsMemory(start * Features, count * Features);

    /// <summary>Examples [start, start + count) of <see cref="Targets"/>, in place.</summary>
    internal ReadOnlyMemory<float> TargetRows(int start, int count) => _targets.AsMemory(start * TargetLength, count * TargetLength);

    /// <summary>All labels, one per example; empty for a regression set.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>All targets, <see cref="Count"/> x <see cref="TargetLength"/>, row-major; empty for a classification set.</summary>
    public ReadOnlySpan<float> Targets => _targets;

    /// <summary>The <see cref="Features"/> features (pixels) of example <paramref name="index"/>, row-major.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public ReadOnlySpan<float> Image(int index)
    {
        CheckIndex(index);
        return new ReadOnlySpan<float>(_pixels, index * Features, Features);
    }

    /// <summary>
    /// Copies the images <paramref name="indices"/>, in that order, into <paramref name="destination"/>: one
    /// minibatch's pixels, <see cref="Features"/> per image, the same floats as <see cref="Image"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold indices.Length images.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not in [0, <see cref="Count"/>).</exception>
    public void CopyImages(ReadOnlySpan<int> indices, Span<float> destination)
        => Gather(indices, destination, "images", "pixels");

    /// <summary>
    /// Copies the features of the examples <paramref name="indices"/>, in that order, into
    /// <paramref name="destination"/>: one minibatch's inputs, <see cref="Features"/> per example, the same
    /// floats as <see cref="Image"/>. The same gather as <see cref="CopyImages"/>, named for any set.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold indices.Length x <see cref="Features"/> floats.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not in [0, <see cref="Count"/>).</exception>
    public void CopyFeatures(ReadOnlySpan<int> indices, Span<float> destination)
        => Gather(indices, destination, "examples", "features");

    private void Gather(ReadOnlySpan<int> indices, Span<float> destination, string rowNoun, string columnNoun)
    {
        int features = Features;
        if (destination.Length != (long)indices.Length * features)
            throw new ArgumentException($"destination has {destination.Length} elements, but {indices.Length} {rowNoun} of {features} {columnNoun} need {(long)indices.Length * features}.", nameof(destination));
        if (_bytePixels is null)
        {
            for (int r = 0; r < indices.Length; r++)
            {
                CheckIndex(indices[r]);
                new ReadOnlySpan<float>(_pixels, indices[r] * features, features).CopyTo(destination.Slice(r * features, features));
            }
            return;
        }
        // The images are scattered over the set, where the hardware prefetcher cannot guess the next one;
        // asking for an image a few rows ahead overlaps its memory latency with the copies before it.
        for (int r = 0; r < Math.Min(PrefetchDistance, indices.Length); r++) PrefetchImage(_bytePixels, indices[r]);
        for (int r = 0; r < indices.Length; r++)
        {
            CheckIndex(indices[r]);
            if (r + PrefetchDistance < indices.Length) PrefetchImage(_bytePixels, indices[r + PrefetchDistance]);
            PixelScaling.ToUnitInterval(new ReadOnlySpan<byte>(_bytePixels, indices[r] * features, features), destination.Slice(r * features, features));
        }
    }

    /// <summary>How many images ahead <see cref="CopyImages"/> asks for: enough to cover a memory latency.</summary>
    private const int PrefetchDistance = 8;

    /// <summary>A hint to start loading image <paramref name="index"/>'s bytes into cache; an index outside the set is skipped (the copy reports it).</summary>
    private unsafe void PrefetchImage(byte[] bytes, int index)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || (uint)index >= (uint)Count) return;
        int features = Features;
        fixed (byte* first = &bytes[index * features])
        {
            for (int offset = 0; offset < features; offset += 64)
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(first + offset);
        }
    }

    /// <summary>The label of example <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">This is a regression set, which has targets instead.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public byte Label(int index)
    {
        RequireLabels(nameof(Label));
        CheckIndex(index);
        return _labels[index];
    }

    /// <summary>
    /// Copies the labels of the examples <paramref name="indices"/>, in that order, into
    /// <paramref name="destination"/>: one minibatch's class indices.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is a regression set, which has targets instead.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold indices.Length labels.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not in [0, <see cref="Count"/>).</exception>
    public void CopyLabels(ReadOnlySpan<int> indices, Span<int> destination)
    {
        RequireLabels(nameof(CopyLabels));
        if (destination.Length != indices.Length)
            throw new ArgumentException($"destination has {destination.Length} elements, but {indices.Length} examples need {indices.Length} labels.", nameof(destination));
        for (int r = 0; r < indices.Length; r++)
        {
            CheckIndex(indices[r]);
            destination[r] = _labels[indices[r]];
        }
    }

    /// <summary>The <see cref="TargetLength"/> targets of example <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">This is a classification set, which has labels instead.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public ReadOnlySpan<float> Target(int index)
    {
        RequireTargets(nameof(Target));
        CheckIndex(index);
        return new ReadOnlySpan<float>(_targets, index * TargetLength, TargetLength);
    }

    /// <summary>
    /// Copies the targets of the examples <paramref name="indices"/>, in that order, into
    /// <paramref name="destination"/>: one minibatch's outputs, <see cref="TargetLength"/> per example.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is a classification set, which has labels instead.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold indices.Length x <see cref="TargetLength"/> floats.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not in [0, <see cref="Count"/>).</exception>
    public void CopyTargets(ReadOnlySpan<int> indices, Span<float> destination)
    {
        RequireTargets(nameof(CopyTargets));
        int length = TargetLength;
        if (destination.Length != (long)indices.Length * length)
            throw new ArgumentException($"destination has {destination.Length} elements, but {indices.Length} examples of {length} targets need {(long)indices.Length * length}.", nameof(destination));
        for (int r = 0; r < indices.Length; r++)
        {
            CheckIndex(indices[r]);
            new ReadOnlySpan<float>(_targets, indices[r] * length, length).CopyTo(destination.Slice(r * length, length));
        }
    }

    /// <summary>
    /// Loads a pair of IDX files (see <see cref="IdxReader"/>), scaling pixels from 0..255 to [0, 1] as
    /// pixel / 255f.
    /// </summary>
    /// <param name="imagesPath">The images file, raw or gzip.</param>
    /// <param name="labelsPath">The labels file of the same images, raw or gzip.</param>
    /// <param name="classes">The number of classes, 1 to 256; null for the largest label + 1. Give it when a
    /// set may lack the last class (a small test split), so train and test agree.</param>
    /// <exception cref="IdxFormatException">A file is malformed, the two files hold different counts, or a
    /// label is not below <paramref name="classes"/>.</exception>
    /// <exception cref="System.IO.FileNotFoundException">A file does not exist.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, int? classes = null)
    {
        if (classes is int given)
            CheckClassCount(given);
        IdxImages images = IdxReader.ReadImages(imagesPath);
        byte[] labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != images.Count)
            throw new IdxFormatException(labelsPath, $"holds {labels.Length} labels, but {imagesPath} holds {images.Count} images. The two files must be the matching pair of one data set (train with train, t10k with t10k); if one was cut short, download both again.");

        int resolved = classes ?? MaxLabel(labels) + 1;
        int bad = FirstLabelNotBelow(labels, resolved);
        if (bad >= 0)
            throw new IdxFormatException(labelsPath, $"label {labels[bad]} at index {bad} is not below the class count {resolved}. Pass the right class count, or check that this is the labels file of this data set.");

        return new Dataset(images.Rows, images.Columns, resolved, images.Pixels, labels);
    }

    private static int MaxLabel(ReadOnlySpan<byte> labels)
    {
        int max = 0;
        foreach (byte label in labels)
            max = Math.Max(max, label);
        return max;
    }

    private static int FirstLabelNotBelow(ReadOnlySpan<byte> labels, int classes)
        => classes > byte.MaxValue ? -1 : labels.IndexOfAnyInRange((byte)classes, byte.MaxValue);

    private static void CheckClassCount(int classes)
    {
        // Labels are bytes, so more than 256 classes could never all occur.
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1, nameof(classes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, 256, nameof(classes));
    }

    private void RequireLabels(string member)
    {
        if (!HasLabels)
            throw new InvalidOperationException(
                $"{member}: this data set is a regression set: it has targets, not labels. Use Target or CopyTargets, or load the data as a classification set.");
    }

    private void RequireTargets(string member)
    {
        if (HasLabels)
            throw new InvalidOperationException(
                $"{member}: this data set is a classification set: it has labels, not targets. Use Label or CopyLabels, or load the data as a regression set.");
    }

    private void CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
    }
}
