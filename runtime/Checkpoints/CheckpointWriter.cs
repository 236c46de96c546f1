using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace KernelGen.Checkpoints;

/// <summary>Encodes a <see cref="Checkpoint"/> as the bytes of a version-1 file (see <see cref="CheckpointLayout"/>).</summary>
internal static class CheckpointWriter
{
    internal static byte[] Encode(Checkpoint checkpoint)
    {
        CheckpointMetadata meta = checkpoint.Metadata;
        byte[] note = Encoding.UTF8.GetBytes(meta.Note);
        if (note.Length > CheckpointLayout.MaxNoteBytes)
            throw new ArgumentException($"The checkpoint note is {note.Length} bytes of UTF-8; the limit is {CheckpointLayout.MaxNoteBytes}.");

        long size = CheckpointLayout.FileSize(checkpoint.Features, checkpoint.Classes, note.Length);
        if (size > Array.MaxLength)
            throw new InvalidOperationException($"A checkpoint of {size} bytes is too large for this format's in-memory writer.");

        var data = new byte[size];
        Span<byte> span = data;
        CheckpointLayout.Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[CheckpointLayout.VersionOffset..], CheckpointLayout.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[CheckpointLayout.ReservedOffset..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[CheckpointLayout.FeaturesOffset..], checkpoint.Features);
        BinaryPrimitives.WriteInt32LittleEndian(span[CheckpointLayout.ClassesOffset..], checkpoint.Classes);
        BinaryPrimitives.WriteInt32LittleEndian(span[CheckpointLayout.EpochsOffset..], meta.EpochsTrained);
        BinaryPrimitives.WriteDoubleLittleEndian(span[CheckpointLayout.LearningRateOffset..], meta.LearningRate);
        BinaryPrimitives.WriteInt64LittleEndian(span[CheckpointLayout.SeedOffset..], meta.Seed);
        BinaryPrimitives.WriteDoubleLittleEndian(span[CheckpointLayout.TrainAccuracyOffset..], meta.TrainAccuracy);
        BinaryPrimitives.WriteDoubleLittleEndian(span[CheckpointLayout.TestAccuracyOffset..], meta.TestAccuracy);
        BinaryPrimitives.WriteInt64LittleEndian(span[CheckpointLayout.CreatedOffset..], meta.CreatedUtc.Ticks);
        BinaryPrimitives.WriteInt32LittleEndian(span[CheckpointLayout.NoteLengthOffset..], note.Length);
        note.CopyTo(span[CheckpointLayout.HeaderSize..]);

        int offset = CheckpointLayout.HeaderSize + note.Length;
        offset = WriteFloats(span, offset, checkpoint.Weights);
        offset = WriteFloats(span, offset, checkpoint.Bias);
        SHA256.HashData(span[..offset], span[offset..]);
        return data;
    }

    // Element by element so the file is little-endian on any platform; the JIT turns this into plain stores
    // on little-endian hardware.
    private static int WriteFloats(Span<byte> destination, int offset, ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[offset..], value);
            offset += sizeof(float);
        }

        return offset;
    }
}
