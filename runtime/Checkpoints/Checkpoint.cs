using System;

namespace KernelGen.Checkpoints;

/// <summary>
/// A saved softmax-regression model: a <c>classes x features</c> weight matrix (row-major), a bias per class,
/// and <see cref="CheckpointMetadata"/> about how it was trained. <see cref="Save"/> and <see cref="Load"/>
/// use a versioned, checksummed, little-endian binary format (see <c>CheckpointLayout</c>).
/// </summary>
public sealed class Checkpoint
{
    /// <summary>The format version this build writes, and the newest it reads.</summary>
    public const ushort FormatVersion = CheckpointLayout.Version;

    private readonly float[] _weights;
    private readonly float[] _bias;

    /// <summary>
    /// A checkpoint of the given parameters. The arrays are copied, so training may go on updating its own.
    /// </summary>
    /// <param name="features">Inputs per sample (e.g. 784 for MNIST).</param>
    /// <param name="classes">Output classes (e.g. 10).</param>
    /// <param name="weights"><paramref name="classes"/> x <paramref name="features"/> floats, row-major.</param>
    /// <param name="bias"><paramref name="classes"/> floats.</param>
    /// <param name="metadata">How the model was trained; defaults to empty metadata.</param>
    public Checkpoint(int features, int classes, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, CheckpointMetadata? metadata = null)
        : this(features, classes, weights.ToArray(), bias.ToArray(), metadata ?? new CheckpointMetadata())
    {
    }

    // Takes ownership of the arrays: for the reader, which has just made them and needs no second copy.
    internal static Checkpoint Adopt(int features, int classes, float[] weights, float[] bias, CheckpointMetadata metadata) =>
        new(features, classes, weights, bias, metadata);

    private Checkpoint(int features, int classes, float[] weights, float[] bias, CheckpointMetadata metadata)
    {
        if (features <= 0)
            throw new ArgumentOutOfRangeException(nameof(features), features, "A model needs at least one feature.");
        if (classes <= 0)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "A model needs at least one class.");
        if (weights.Length != (long)classes * features)
            throw new ArgumentException($"Expected {classes} x {features} = {(long)classes * features} weights, got {weights.Length}.", nameof(weights));
        if (bias.Length != classes)
            throw new ArgumentException($"Expected {classes} bias values, got {bias.Length}.", nameof(bias));
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(metadata.Note, nameof(metadata));

        Features = features;
        Classes = classes;
        _weights = weights;
        _bias = bias;
        // Unspecified is taken to be UTC already (DateTime.UtcNow is Utc; ticks read back are Utc).
        Metadata = metadata.CreatedUtc.Kind == DateTimeKind.Local
            ? metadata with { CreatedUtc = metadata.CreatedUtc.ToUniversalTime() }
            : metadata with { CreatedUtc = DateTime.SpecifyKind(metadata.CreatedUtc, DateTimeKind.Utc) };
    }

    /// <summary>Inputs per sample.</summary>
    public int Features { get; }

    /// <summary>Output classes.</summary>
    public int Classes { get; }

    /// <summary>The weights, <see cref="Classes"/> x <see cref="Features"/>, row-major.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>The bias, one per class.</summary>
    public ReadOnlySpan<float> Bias => _bias;

    /// <summary>How the model was trained.</summary>
    public CheckpointMetadata Metadata { get; }

    /// <summary>
    /// Writes the checkpoint to <paramref name="path"/> atomically: a temporary file in the same directory is
    /// written, flushed to disk and renamed over <paramref name="path"/>, so an existing checkpoint there is
    /// replaced whole or not at all.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A weight or bias is NaN or infinite. Nothing is written then, and a file already at
    /// <paramref name="path"/> is left as it was: a diverged model must not replace a good one.
    /// </exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfNotFinite(path, "weights", _weights, Features);
        ThrowIfNotFinite(path, "bias", _bias, columns: 0);
        AtomicFile.WriteAllBytes(path, CheckpointWriter.Encode(this));
    }

    /// <summary>Reads and validates the checkpoint at <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointFormatException">
    /// The file is not a checkpoint, was written by a newer KernelGen, is truncated, fails its checksum, or is
    /// otherwise malformed; the message names the file and the problem.
    /// </exception>
    public static Checkpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return CheckpointReader.Decode(path, System.IO.File.ReadAllBytes(path));
    }

    private static void ThrowIfNotFinite(string path, string tensor, float[] values, int columns)
    {
        int bad = FirstNonFinite(values);
        if (bad < 0)
            return;
        string where = columns > 0 ? $" (class {bad / columns}, feature {bad % columns})" : "";
        throw new InvalidOperationException(
            $"Refusing to save checkpoint '{path}': {tensor}[{bad}]{where} is {values[bad]}. " +
            "A model with non-finite parameters has diverged (try a lower learning rate); nothing was written.");
    }

    /// <summary>Index of the first NaN or infinity in <paramref name="values"/>, or -1.</summary>
    internal static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                return i;
        }

        return -1;
    }
}
