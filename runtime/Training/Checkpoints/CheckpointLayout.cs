namespace KernelGen.Checkpoints;

/// <summary>
/// Byte layout of checkpoint files. All integers and floats are little-endian. This build writes
/// <see cref="Version2"/> and reads versions 1 and 2.
/// </summary>
/// <remarks>
/// Every version, present and future, starts with the magic "KGCK" and a uint16 format version, and ends with
/// the SHA-256 of all bytes before it. The reader checks the checksum before believing any other field, so a
/// flipped bit anywhere is reported as corruption rather than as a strange size or version, and a version it
/// does not know is reported as written by a newer KernelGen.
/// </remarks>
internal static class CheckpointLayout
{
    internal static readonly byte[] Magic = "KGCK"u8.ToArray();

    /// <summary>
    /// The UTF-8 of names and the kernel name: it refuses what does not round-trip (an unpaired surrogate on the way in,
    /// invalid bytes on the way out) rather than replace it. Notes are written leniently, as before.
    /// </summary>
    internal static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The version this build writes, and the newest it reads.</summary>
    internal const ushort Version = Version2.Number;

    internal const int VersionOffset = 4;
    internal const int ReservedOffset = 6;
    internal const int ChecksumSize = 32;

    // The metadata sits at the same offsets in versions 1 and 2 (version 2 has the file size where version 1
    // had the shape), so one routine reads it for both.
    internal const int EpochsOffset = 16;
    internal const int LearningRateOffset = 20;
    internal const int SeedOffset = 28;
    internal const int TrainAccuracyOffset = 36;
    internal const int TestAccuracyOffset = 44;
    internal const int CreatedOffset = 52;

    /// <summary>Largest note accepted, so a corrupt length cannot make the reader allocate gigabytes.</summary>
    internal const int MaxNoteBytes = 1 << 20;

    /// <summary>
    /// Format version 1: one softmax-regression model. Read only; it loads as kernel "" with tensors
    /// <c>w</c> (classes x features) and <c>b</c> (classes x 1).
    /// </summary>
    /// <remarks>
    /// <code>
    /// offset  size  field
    ///      0     4  magic "KGCK"
    ///      4     2  format version (uint16) = 1
    ///      6     2  reserved, 0 (keeps what follows aligned)
    ///      8     4  features (int32, > 0)
    ///     12     4  classes (int32, > 0)
    ///     16     4  epochs trained (int32)
    ///     20     8  learning rate (float64)
    ///     28     8  seed (int64)
    ///     36     8  train accuracy (float64)
    ///     44     8  test accuracy (float64)
    ///     52     8  created, UTC ticks (int64, DateTime.Ticks)
    ///     60     4  note length in bytes (int32, >= 0)
    ///     64     n  note, UTF-8
    ///   64+n  4*c*f weights, float32, classes x features, row-major
    ///      .   4*c  bias, float32
    ///      .    32  SHA-256 of every byte before it
    /// </code>
    /// </remarks>
    internal static class Version1
    {
        internal const ushort Number = 1;
        internal const int FeaturesOffset = 8;
        internal const int ClassesOffset = 12;
        internal const int NoteLengthOffset = 60;
        internal const int HeaderSize = 64;

        /// <summary>No version-1 file is shorter: the header and the checksum.</summary>
        internal const int MinimumFileSize = HeaderSize + ChecksumSize;

        /// <summary>Total file size for the given shape and note length (long: a corrupt header may overflow int).</summary>
        internal static long FileSize(long features, long classes, long noteBytes) =>
            HeaderSize + noteBytes + 4 * (classes * features + classes) + ChecksumSize;
    }

    /// <summary>Format version 2: the named parameters (tensors) of one kernel.</summary>
    /// <remarks>
    /// <code>
    /// offset  size  field
    ///      0     4  magic "KGCK"
    ///      4     2  format version (uint16) = 2
    ///      6     2  reserved, 0
    ///      8     8  file size in bytes, checksum included (int64)
    ///     16     4  epochs trained (int32)
    ///     20     8  learning rate (float64)
    ///     28     8  seed (int64)
    ///     36     8  train accuracy (float64)
    ///     44     8  test accuracy (float64)
    ///     52     8  created, UTC ticks (int64, DateTime.Ticks)
    ///     60     4  kernel name length in bytes (int32, 0 to 4096)
    ///     64     k  kernel name, UTF-8 (may be empty)
    ///   64+k     4  note length in bytes (int32, 0 to 1 MiB)
    ///   68+k     n  note, UTF-8
    /// 68+k+n     4  tensor count t (int32, >= 0)
    /// 72+k+n        t tensors, in order, each:
    ///                    4  name length in bytes (int32, 1 to 256)
    ///                    m  name, UTF-8, unique within the file
    ///                    4  rows (int32, > 0)
    ///                    4  columns (int32, > 0; 1 for a vector or a scalar)
    ///                4*r*c  values, float32, row-major
    ///      .    32  SHA-256 of every byte before it
    /// </code>
    /// The file size lets a truncated file be reported as truncated even though its checksum is the first
    /// thing found wrong. The values are not aligned: names have any length, and the reader copies anyway.
    /// </remarks>
    internal static class Version2
    {
        internal const ushort Number = 2;
        internal const int FileSizeOffset = 8;
        internal const int KernelLengthOffset = 60;
        internal const int KernelOffset = 64;

        /// <summary>Bytes of the length fields of the kernel name, the note and the tensor count.</summary>
        internal const int VariablePartLengths = 3 * sizeof(int);

        /// <summary>No version-2 file is shorter: empty kernel name and note, no tensors.</summary>
        internal const int MinimumFileSize = KernelLengthOffset + VariablePartLengths + ChecksumSize;

        /// <summary>Bytes of a tensor with a one-byte name and one value: no tensor takes fewer.</summary>
        internal const int MinimumTensorSize = sizeof(int) + 1 + 2 * sizeof(int) + sizeof(float);

        /// <summary>Largest kernel name accepted.</summary>
        internal const int MaxKernelBytes = 4096;

        /// <summary>Largest tensor name accepted.</summary>
        internal const int MaxNameBytes = CheckpointTensor.MaxNameBytes;
    }
}
