using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text;

namespace KernelGen.Checkpoints;

/// <summary>
/// The saved parameters of a kernel: named tensors (matrices, vectors, scalars; see
/// <see cref="CheckpointTensor"/>) in a fixed order, the name of the kernel they belong to, and
/// <see cref="CheckpointMetadata"/> about how they were trained. <see cref="Save"/> and <see cref="Load"/> use
/// a versioned, checksummed, little-endian binary format (see <c>CheckpointLayout</c>).
/// </summary>
/// <example>
/// <code>
/// var checkpoint = new Checkpoint("SoftmaxRegressionKernels.MnistLoss", new[]
/// {
///     CheckpointTensor.Matrix("w", 10, 784, weights),
///     CheckpointTensor.Vector("b", bias),
///     CheckpointTensor.Scalar("temperature", 1.5f),
/// });
/// checkpoint.Save("model.kgck");
/// ReadOnlySpan&lt;float&gt; w = Checkpoint.Load("model.kgck")["w"].Values.Span;
/// </code>
/// </example>
public sealed class Checkpoint
{
    /// <summary>The format version this build writes, and the newest it reads (it reads every older one too).</summary>
    public const ushort FormatVersion = CheckpointLayout.Version;

    private readonly Dictionary<string, CheckpointTensor> _byName;

    /// <summary>A checkpoint of <paramref name="tensors"/>, kept in the order given.</summary>
    /// <param name="kernel">
    /// The name of the kernel the parameters belong to, e.g. <c>SoftmaxRegressionKernels.MnistLoss</c>; may be
    /// empty, at most 4096 bytes of UTF-8.
    /// </param>
    /// <param name="tensors">The parameters; their names must be unique. Tensors are immutable, so they are not copied again.</param>
    /// <param name="metadata">How the parameters were trained; defaults to empty metadata.</param>
    /// <exception cref="ArgumentException">Two tensors have the same name, a tensor is null, or the kernel name is too long.</exception>
    public Checkpoint(string kernel, IEnumerable<CheckpointTensor> tensors, CheckpointMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(tensors);
        string? problem = KernelNameProblem(kernel);
        if (problem is not null)
            throw new ArgumentException(problem, nameof(kernel));
        metadata ??= new CheckpointMetadata();
        ArgumentNullException.ThrowIfNull(metadata.Note, nameof(metadata));

        CheckpointTensor[] list = tensors.ToArray();
        _byName = new Dictionary<string, CheckpointTensor>(list.Length, StringComparer.Ordinal);
        for (int i = 0; i < list.Length; i++)
        {
            CheckpointTensor tensor = list[i]
                ?? throw new ArgumentException($"Tensor {i} is null.", nameof(tensors));
            if (!_byName.TryAdd(tensor.Name, tensor))
            {
                int first = Array.FindIndex(list, t => t.Name == tensor.Name);
                throw new ArgumentException(
                    $"Two tensors are named '{tensor.Name}' (tensors {first} and {i}); names must be unique within a checkpoint.",
                    nameof(tensors));
            }
        }

        Kernel = kernel;
        Tensors = new ReadOnlyCollection<CheckpointTensor>(list);
        // Unspecified is taken to be UTC already (DateTime.UtcNow is Utc; ticks read back are Utc).
        Metadata = metadata.CreatedUtc.Kind == DateTimeKind.Local
            ? metadata with { CreatedUtc = metadata.CreatedUtc.ToUniversalTime() }
            : metadata with { CreatedUtc = DateTime.SpecifyKind(metadata.CreatedUtc, DateTimeKind.Utc) };
    }

    /// <summary>The name of the kernel the parameters belong to; empty if not recorded (as in version-1 files).</summary>
    public string Kernel { get; }

    /// <summary>The parameters, in the order they were given (and are stored in the file).</summary>
    public IReadOnlyList<CheckpointTensor> Tensors { get; }

    /// <summary>How the parameters were trained.</summary>
    public CheckpointMetadata Metadata { get; }

    /// <summary>The tensor named <paramref name="name"/> (case-sensitive).</summary>
    /// <exception cref="KeyNotFoundException">There is none; the message lists the names there are.</exception>
    public CheckpointTensor this[string name] => Tensor(name);

    /// <summary>The tensor named <paramref name="name"/> (case-sensitive).</summary>
    /// <exception cref="KeyNotFoundException">There is none; the message lists the names there are.</exception>
    public CheckpointTensor Tensor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out CheckpointTensor? tensor))
            return tensor;
        string kernel = Kernel.Length > 0 ? $" of kernel '{Kernel}'" : "";
        string names = Tensors.Count > 0
            ? "its tensors are " + string.Join(", ", Tensors.Select(t => t.ToString()))
            : "it has no tensors";
        throw new KeyNotFoundException($"The checkpoint{kernel} has no tensor named '{name}'; {names}.");
    }

    /// <summary>Looks up the tensor named <paramref name="name"/> (case-sensitive).</summary>
    /// <returns>Whether there is one.</returns>
    public bool TryGetTensor(string name, [MaybeNullWhen(false)] out CheckpointTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out tensor);
    }

    /// <summary>
    /// Writes the checkpoint to <paramref name="path"/> (format version <see cref="FormatVersion"/>)
    /// atomically: a temporary file in the same directory is written, flushed to disk and renamed over
    /// <paramref name="path"/>, so an existing checkpoint there is replaced whole or not at all.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A value is NaN or infinite; the message names the tensor and the index, row and column. Nothing is
    /// written then, and a file already at <paramref name="path"/> is left as it was: a diverged model must not
    /// replace a good one.
    /// </exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        foreach (CheckpointTensor tensor in Tensors)
        {
            int bad = tensor.FirstNonFinite();
            if (bad >= 0)
            {
                throw new InvalidOperationException(
                    $"Refusing to save checkpoint '{path}': {tensor.DescribeValue(bad)}. " +
                    "A model with non-finite parameters has diverged (try a lower learning rate); nothing was written.");
            }
        }

        AtomicFile.WriteAllBytes(path, CheckpointWriter.Encode(this));
    }

    /// <summary>Reads and validates the checkpoint at <paramref name="path"/> (any format version up to <see cref="FormatVersion"/>).</summary>
    /// <remarks>A version-1 file (a softmax-regression model) loads as kernel "" with tensors <c>w</c> (classes x features) and <c>b</c> (classes x 1).</remarks>
    /// <exception cref="CheckpointFormatException">
    /// The file is not a checkpoint, was written by a newer KernelGen, is truncated, fails its checksum, or is
    /// otherwise malformed; the message names the file and the problem.
    /// </exception>
    public static Checkpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Reading a directory fails with "access denied", which sends the user after permissions instead of the path.
        if (System.IO.Directory.Exists(path))
            throw new CheckpointFormatException(path, "is a directory, not a checkpoint file; give the path of a file written by Checkpoint.Save (train --save).");
        return CheckpointReader.Decode(path, System.IO.File.ReadAllBytes(path));
    }

    /// <summary>Why <paramref name="kernel"/> cannot be stored as a kernel name, or null if it can.</summary>
    internal static string? KernelNameProblem(string kernel)
    {
        int bytes;
        try
        {
            bytes = CheckpointLayout.StrictUtf8.GetByteCount(kernel);
        }
        catch (EncoderFallbackException)
        {
            return $"Kernel name '{kernel}' is not valid Unicode (it has an unpaired surrogate) and cannot be stored as UTF-8.";
        }

        return bytes > CheckpointLayout.Version2.MaxKernelBytes
            ? $"The kernel name is {bytes} bytes of UTF-8; the limit is {CheckpointLayout.Version2.MaxKernelBytes}."
            : null;
    }
}
