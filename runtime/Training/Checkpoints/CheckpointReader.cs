using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace KernelGen.Checkpoints;

/// <summary>
/// Decodes and validates checkpoint bytes. The checks run from the most basic to the most specific (is it a
/// checkpoint at all, is it intact, can this build read its version, is it self-consistent), so that each
/// problem is reported as what it is.
/// </summary>
/// <remarks>
/// Every length read from a file is checked against the bytes that are actually there before anything is
/// allocated for it, so a corrupt length is reported instead of allocating gigabytes or overflowing.
/// </remarks>
internal static class CheckpointReader
{
    // Magic and version: the part of the header every version shares.
    private const int SharedPrefix = CheckpointLayout.VersionOffset + sizeof(ushort);

    internal static Checkpoint Decode(string path, ReadOnlySpan<byte> data)
    {
        if (data.Length < CheckpointLayout.Magic.Length)
            throw Error(path, $"truncated: {data.Length} bytes is too short to be a KernelGen checkpoint.");
        if (!data[..CheckpointLayout.Magic.Length].SequenceEqual(CheckpointLayout.Magic))
            throw Error(path, $"not a KernelGen checkpoint: it starts with 0x{Convert.ToHexString(data[..4])}, not \"KGCK\".");
        if (data.Length < SharedPrefix + CheckpointLayout.ChecksumSize)
            throw Error(path, $"truncated: {data.Length} bytes is too short to be a KernelGen checkpoint.");
        ushort version = ReadVersion(data);
        int minimum = MinimumFileSize(version);
        if (data.Length < minimum)
            throw Error(path, $"truncated: {data.Length} bytes is shorter than the {minimum} bytes of any version-{version} checkpoint.");

        // Before any other field is trusted: a flipped bit in a size or the version must read as corruption.
        int payload = data.Length - CheckpointLayout.ChecksumSize;
        Span<byte> hash = stackalloc byte[CheckpointLayout.ChecksumSize];
        SHA256.HashData(data[..payload], hash);
        if (!hash.SequenceEqual(data[payload..]))
            throw Error(path, "corrupt: checksum mismatch" + SizeHint(data) + ".");

        if (version > CheckpointLayout.Version)
        {
            throw Error(path, $"written by a newer KernelGen (format version {version}; this build reads up to " +
                $"version {CheckpointLayout.Version}). Update KernelGen to load it.");
        }

        return version switch
        {
            CheckpointLayout.Version1.Number => DecodeVersion1(path, data),
            CheckpointLayout.Version2.Number => DecodeVersion2(path, data),
            _ => throw Error(path, $"invalid format version {version}."),
        };
    }

    // 0 for versions this build does not know: only the checksum can be checked for those.
    private static int MinimumFileSize(ushort version) => version switch
    {
        CheckpointLayout.Version1.Number => CheckpointLayout.Version1.MinimumFileSize,
        CheckpointLayout.Version2.Number => CheckpointLayout.Version2.MinimumFileSize,
        _ => 0,
    };

    private static Checkpoint DecodeVersion2(string path, ReadOnlySpan<byte> data)
    {
        if (BinaryPrimitives.ReadUInt16LittleEndian(data[CheckpointLayout.ReservedOffset..]) != 0)
            throw Error(path, "reserved header bytes are not zero.");
        long declared = BinaryPrimitives.ReadInt64LittleEndian(data[CheckpointLayout.Version2.FileSizeOffset..]);
        if (declared != data.Length)
            throw Error(path, $"size mismatch: the header says the file has {declared} bytes, but it has {data.Length}.");

        var fields = new FieldReader(path, data[..^CheckpointLayout.ChecksumSize], CheckpointLayout.Version2.KernelLengthOffset);
        string kernel = fields.String("the kernel name", CheckpointLayout.Version2.MaxKernelBytes, minimumBytes: 0);
        string note = fields.String("the note", CheckpointLayout.MaxNoteBytes, minimumBytes: 0);
        CheckpointMetadata metadata = ReadMetadata(path, data, note);

        int countOffset = fields.Offset;
        int count = fields.Int32("the tensor count");
        if (count < 0)
            throw Error(path, $"invalid tensor count {count} at offset {countOffset}.");
        int room = fields.Remaining / CheckpointLayout.Version2.MinimumTensorSize;
        if (count > room)
        {
            throw Error(path, $"tensor count {count} at offset {countOffset} cannot be right: the {fields.Remaining} bytes " +
                $"that remain before the checksum hold at most {room} tensors.");
        }

        var tensors = new CheckpointTensor[count];
        var seen = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = fields.String($"the name of tensor {i}", CheckpointLayout.Version2.MaxNameBytes, minimumBytes: 1);
            if (!seen.TryAdd(name, i))
                throw Error(path, $"two tensors are named '{name}' (tensors {seen[name]} and {i}).");
            int rows = fields.Int32($"the rows of tensor {i} ('{name}')");
            int columns = fields.Int32($"the columns of tensor {i} ('{name}')");
            if (rows < 1 || columns < 1)
                throw Error(path, $"tensor {i} ('{name}') has invalid shape {rows} x {columns}.");

            // In long, and compared in floats rather than bytes: rows * columns * 4 can overflow even a long.
            long values = (long)rows * columns;
            if (values > fields.Remaining / sizeof(float))
            {
                throw Error(path, $"tensor {i} ('{name}') is {rows} x {columns} = {values} floats at offset {fields.Offset}, " +
                    $"but the {fields.Remaining} bytes that remain before the checksum hold only {fields.Remaining / sizeof(float)}.");
            }

            float[] floats = ReadFloats(fields.Bytes((int)values * sizeof(float), $"the values of tensor {i} ('{name}')"));
            tensors[i] = CheckpointTensor.Adopt(name, rows, columns, floats);
            RejectNonFinite(path, tensors[i]);
        }

        if (fields.Remaining != 0)
            throw Error(path, $"{fields.Remaining} unexpected bytes at offset {fields.Offset}, after the last tensor and before the checksum.");
        return new Checkpoint(kernel, tensors, metadata);
    }

    private static Checkpoint DecodeVersion1(string path, ReadOnlySpan<byte> data)
    {
        if (BinaryPrimitives.ReadUInt16LittleEndian(data[CheckpointLayout.ReservedOffset..]) != 0)
            throw Error(path, "reserved header bytes are not zero.");

        int features = BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.Version1.FeaturesOffset..]);
        int classes = BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.Version1.ClassesOffset..]);
        int noteLength = BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.Version1.NoteLengthOffset..]);
        if (features <= 0 || classes <= 0)
            throw Error(path, $"invalid shape: {classes} classes x {features} features.");
        if (noteLength < 0 || noteLength > CheckpointLayout.MaxNoteBytes)
            throw Error(path, $"invalid note length {noteLength}.");
        long expected = CheckpointLayout.Version1.FileSize(features, classes, noteLength);
        if (expected != data.Length)
        {
            throw Error(path, $"size mismatch: {classes} classes x {features} features and a {noteLength}-byte note " +
                $"make {expected} bytes, but the file has {data.Length}.");
        }

        string note = DecodeUtf8(path, data.Slice(CheckpointLayout.Version1.HeaderSize, noteLength), "the note");
        CheckpointMetadata metadata = ReadMetadata(path, data, note);

        // The size check above makes these products small enough for int.
        int offset = CheckpointLayout.Version1.HeaderSize + noteLength;
        float[] weights = ReadFloats(data.Slice(offset, classes * features * sizeof(float)));
        offset += weights.Length * sizeof(float);
        float[] bias = ReadFloats(data.Slice(offset, classes * sizeof(float)));

        CheckpointTensor[] tensors =
        {
            CheckpointTensor.Adopt("w", classes, features, weights),
            CheckpointTensor.Adopt("b", classes, 1, bias),
        };
        foreach (CheckpointTensor tensor in tensors)
            RejectNonFinite(path, tensor);
        return new Checkpoint("", tensors, metadata);
    }

    // The same offsets in every version so far.
    private static CheckpointMetadata ReadMetadata(string path, ReadOnlySpan<byte> data, string note)
    {
        long ticks = BinaryPrimitives.ReadInt64LittleEndian(data[CheckpointLayout.CreatedOffset..]);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            throw Error(path, $"timestamp out of range ({ticks} ticks).");

        return new CheckpointMetadata
        {
            EpochsTrained = BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.EpochsOffset..]),
            LearningRate = BinaryPrimitives.ReadDoubleLittleEndian(data[CheckpointLayout.LearningRateOffset..]),
            Seed = BinaryPrimitives.ReadInt64LittleEndian(data[CheckpointLayout.SeedOffset..]),
            TrainAccuracy = BinaryPrimitives.ReadDoubleLittleEndian(data[CheckpointLayout.TrainAccuracyOffset..]),
            TestAccuracy = BinaryPrimitives.ReadDoubleLittleEndian(data[CheckpointLayout.TestAccuracyOffset..]),
            CreatedUtc = new DateTime(ticks, DateTimeKind.Utc),
            Note = note,
        };
    }

    // The writer refuses these, so only a hand-made file can have them; a NaN model is useless to load.
    private static void RejectNonFinite(string path, CheckpointTensor tensor)
    {
        int bad = tensor.FirstNonFinite();
        if (bad >= 0)
            throw Error(path, tensor.DescribeValue(bad) + ".");
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            // A byte copy: the values in a version-2 file need not be aligned.
            bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        return values;
    }

    private static string DecodeUtf8(string path, ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return CheckpointLayout.StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(path, $"{what} is not valid UTF-8.");
        }
    }

    // After a checksum failure the header is not to be trusted, but if it describes a longer file than there
    // is, "truncated" is by far the likeliest story and worth saying.
    private static string SizeHint(ReadOnlySpan<byte> data)
    {
        long expected;
        switch (ReadVersion(data))
        {
            case CheckpointLayout.Version1.Number:
                expected = CheckpointLayout.Version1.FileSize(
                    BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.Version1.FeaturesOffset..]),
                    BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.Version1.ClassesOffset..]),
                    BinaryPrimitives.ReadInt32LittleEndian(data[CheckpointLayout.Version1.NoteLengthOffset..]));
                break;
            case CheckpointLayout.Version2.Number:
                expected = BinaryPrimitives.ReadInt64LittleEndian(data[CheckpointLayout.Version2.FileSizeOffset..]);
                break;
            default:
                return "";
        }

        if (expected > data.Length)
            return $" (the header describes {expected} bytes but the file has only {data.Length}: truncated?)";
        return expected < data.Length
            ? $" (the header describes {expected} bytes but the file has {data.Length}: extra bytes at the end?)"
            : "";
    }

    private static ushort ReadVersion(ReadOnlySpan<byte> data) =>
        BinaryPrimitives.ReadUInt16LittleEndian(data[CheckpointLayout.VersionOffset..]);

    private static CheckpointFormatException Error(string path, string problem) => new(path, problem);

    /// <summary>Reads fields one after another, checking each against the bytes left before the checksum.</summary>
    private ref struct FieldReader
    {
        private readonly string _path;
        private readonly ReadOnlySpan<byte> _data;

        internal FieldReader(string path, ReadOnlySpan<byte> data, int offset)
        {
            _path = path;
            _data = data;
            Offset = offset;
        }

        internal int Offset { get; private set; }

        internal readonly int Remaining => _data.Length - Offset;

        internal int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Bytes(sizeof(int), what));

        internal ReadOnlySpan<byte> Bytes(int count, string what)
        {
            if (count > Remaining)
            {
                throw Error(_path, $"{what} ({count} bytes at offset {Offset}) runs past the end: only {Remaining} " +
                    "bytes remain before the checksum.");
            }

            ReadOnlySpan<byte> bytes = _data.Slice(Offset, count);
            Offset += count;
            return bytes;
        }

        /// <summary>An int32 length, checked against <paramref name="maximumBytes"/> and the bytes left, then that much UTF-8.</summary>
        internal string String(string what, int maximumBytes, int minimumBytes)
        {
            int at = Offset;
            int length = Int32($"the length of {what}");
            if (length < minimumBytes || length > maximumBytes)
                throw Error(_path, $"invalid length {length} of {what} at offset {at} (allowed: {minimumBytes} to {maximumBytes} bytes).");
            return DecodeUtf8(_path, Bytes(length, what), what);
        }
    }
}
