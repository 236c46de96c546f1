using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace KernelGen.Checkpoints;

/// <summary>
/// Decodes and validates checkpoint bytes. The checks run from the most basic to the most specific (is it a
/// checkpoint at all, is it intact, can this build read its version, is it self-consistent), so that each
/// problem is reported as what it is.
/// </summary>
internal static class CheckpointReader
{
    // Magic and version: the part of the header every version shares.
    private const int SharedPrefix = CheckpointLayout.VersionOffset + sizeof(ushort);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static Checkpoint Decode(string path, ReadOnlySpan<byte> data)
    {
        if (data.Length < CheckpointLayout.Magic.Length)
            throw Error(path, $"truncated: {data.Length} bytes is too short to be a KernelGen checkpoint.");
        if (!data[..CheckpointLayout.Magic.Length].SequenceEqual(CheckpointLayout.Magic))
            throw Error(path, $"not a KernelGen checkpoint: it starts with 0x{Convert.ToHexString(data[..4])}, not \"KGCK\".");
        if (data.Length < SharedPrefix + CheckpointLayout.ChecksumSize)
            throw Error(path, $"truncated: {data.Length} bytes is too short to be a KernelGen checkpoint.");
        int minimum = CheckpointLayout.HeaderSize + CheckpointLayout.ChecksumSize;
        if (data.Length < minimum && ReadVersion(data) == CheckpointLayout.Version)
            throw Error(path, $"truncated: {data.Length} bytes is shorter than the {minimum} bytes of any version-1 checkpoint.");

        // Before any other field is trusted: a flipped bit in a size or the version must read as corruption.
        int payload = data.Length - CheckpointLayout.ChecksumSize;
        Span<byte> hash = stackalloc byte[CheckpointLayout.ChecksumSize];
        SHA256.HashData(data[..payload], hash);
        if (!hash.SequenceEqual(data[payload..]))
            throw Error(path, "corrupt: checksum mismatch" + TruncationHint(data) + ".");

        ushort version = ReadVersion(data);
        if (version > CheckpointLayout.Version)
        {
            throw Error(path, $"written by a newer KernelGen (format version {version}; this build reads up to " +
                $"version {CheckpointLayout.Version}). Update KernelGen to load it.");
        }

        if (version == 0)
            throw Error(path, "invalid format version 0.");
        return DecodeVersion1(path, data);
    }

    private static Checkpoint DecodeVersion1(string path, ReadOnlySpan<byte> data)
    {
        if (data.Length < CheckpointLayout.HeaderSize + CheckpointLayout.ChecksumSize)
            throw Error(path, $"truncated: {data.Length} bytes is shorter than the {CheckpointLayout.HeaderSize}-byte header plus checksum.");
        if (BinaryPrimitives.ReadUInt16LittleEndian(data[CheckpointLayout.ReservedOffset..]) != 0)
            throw Error(path, "reserved header bytes are not zero.");

        int features = BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.FeaturesOffset..]);
        int classes = BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.ClassesOffset..]);
        int noteLength = BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.NoteLengthOffset..]);
        if (features <= 0 || classes <= 0)
            throw Error(path, $"invalid shape: {classes} classes x {features} features.");
        if (noteLength < 0 || noteLength > CheckpointLayout.MaxNoteBytes)
            throw Error(path, $"invalid note length {noteLength}.");
        long expected = CheckpointLayout.FileSize(features, classes, noteLength);
        if (expected != data.Length)
        {
            throw Error(path, $"size mismatch: {classes} classes x {features} features and a {noteLength}-byte note " +
                $"make {expected} bytes, but the file has {data.Length}.");
        }

        long ticks = BinaryPrimitives.ReadInt64LittleEndian(data[CheckpointLayout.CreatedOffset..]);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            throw Error(path, $"timestamp out of range ({ticks} ticks).");

        string note;
        try
        {
            note = StrictUtf8.GetString(data.Slice(CheckpointLayout.HeaderSize, noteLength));
        }
        catch (DecoderFallbackException)
        {
            throw Error(path, "the note is not valid UTF-8.");
        }

        var metadata = new CheckpointMetadata
        {
            EpochsTrained = BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.EpochsOffset..]),
            LearningRate = BinaryPrimitives.ReadDoubleLittleEndian(data[CheckpointLayout.LearningRateOffset..]),
            Seed = BinaryPrimitives.ReadInt64LittleEndian(data[CheckpointLayout.SeedOffset..]),
            TrainAccuracy = BinaryPrimitives.ReadDoubleLittleEndian(data[CheckpointLayout.TrainAccuracyOffset..]),
            TestAccuracy = BinaryPrimitives.ReadDoubleLittleEndian(data[CheckpointLayout.TestAccuracyOffset..]),
            CreatedUtc = new DateTime(ticks, DateTimeKind.Utc),
            Note = note,
        };

        int offset = CheckpointLayout.HeaderSize + noteLength;
        float[] weights = ReadFloats(data, ref offset, classes * features);
        float[] bias = ReadFloats(data, ref offset, classes);

        // The writer refuses these, so only a hand-made file can have them; a NaN model is useless to load.
        int bad = Checkpoint.FirstNonFinite(weights);
        if (bad >= 0)
            throw Error(path, $"weights[{bad}] is {weights[bad]}.");
        bad = Checkpoint.FirstNonFinite(bias);
        if (bad >= 0)
            throw Error(path, $"bias[{bad}] is {bias[bad]}.");

        return Checkpoint.Adopt(features, classes, weights, bias, metadata);
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> data, ref int offset, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[offset..]);
            offset += sizeof(float);
        }

        return values;
    }

    // After a checksum failure the header is not to be trusted, but if a version-1 header describes a longer
    // file than there is, "truncated" is by far the likeliest story and worth saying.
    private static string TruncationHint(ReadOnlySpan<byte> data)
    {
        if (data.Length < CheckpointLayout.HeaderSize || ReadVersion(data) != CheckpointLayout.Version)
        {
            return "";
        }

        long expected = CheckpointLayout.FileSize(
            BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.FeaturesOffset..]),
            BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.ClassesOffset..]),
            BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.NoteLengthOffset..]));
        return expected > data.Length
            ? $" (the header describes {expected} bytes but the file has only {data.Length}: truncated?)"
            : "";
    }

    private static ushort ReadVersion(ReadOnlySpan<byte> data) =>
        BinaryPrimitives.ReadUInt16LittleEndian(data[CheckpointLayout.VersionOffset..]);

    private static CheckpointFormatException Error(string path, string problem) => new(path, problem);
}
