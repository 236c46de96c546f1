namespace KernelGen.Checkpoints;

/// <summary>
/// Byte layout of a checkpoint file, format version 1. All integers and floats are little-endian.
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
/// Every version, present and future, ends with the SHA-256 of all bytes before it: the reader checks it
/// before believing any other field, so a flipped bit anywhere is reported as corruption rather than as a
/// strange size or version.
/// </remarks>
internal static class CheckpointLayout
{
    internal static readonly byte[] Magic = "KGCK"u8.ToArray();
    internal const ushort Version = 1;

    internal const int VersionOffset = 4;
    internal const int ReservedOffset = 6;
    internal const int FeaturesOffset = 8;
    internal const int ClassesOffset = 12;
    internal const int EpochsOffset = 16;
    internal const int LearningRateOffset = 20;
    internal const int SeedOffset = 28;
    internal const int TrainAccuracyOffset = 36;
    internal const int TestAccuracyOffset = 44;
    internal const int CreatedOffset = 52;
    internal const int NoteLengthOffset = 60;
    internal const int HeaderSize = 64;
    internal const int ChecksumSize = 32;

    /// <summary>Largest note accepted, so a corrupt length cannot make the reader allocate gigabytes.</summary>
    internal const int MaxNoteBytes = 1 << 20;

    /// <summary>Total file size for the given shape and note length (long: a corrupt header may overflow int).</summary>
    internal static long FileSize(long features, long classes, long noteBytes) =>
        HeaderSize + noteBytes + 4 * (classes * features + classes) + ChecksumSize;
}
