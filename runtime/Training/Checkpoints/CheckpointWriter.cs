using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace KernelGen.Checkpoints;

/// <summary>
/// Encodes a <see cref="Checkpoint"/> as the bytes of a version-2 file (see <see cref="CheckpointLayout.Version2"/>).
/// </summary>
internal static class CheckpointWriter
{
    internal static byte[] Encode(Checkpoint checkpoint)
    {
        CheckpointMetadata meta = checkpoint.Metadata;
        byte[] kernel = Encoding.UTF8.GetBytes(checkpoint.Kernel);
        byte[] note = Encoding.UTF8.GetBytes(meta.Note);
        if (note.Length > CheckpointLayout.MaxNoteBytes)
            throw new ArgumentException($"The checkpoint note is {note.Length} bytes of UTF-8; the limit is {CheckpointLayout.MaxNoteBytes}.");

        var names = new byte[checkpoint.Tensors.Count][];
        long size = CheckpointLayout.Version2.MinimumFileSize + kernel.Length + note.Length;
        for (int i = 0; i < names.Length; i++)
        {
            CheckpointTensor tensor = checkpoint.Tensors[i];
            names[i] = Encoding.UTF8.GetBytes(tensor.Name);
            size += sizeof(int) + names[i].Length + 2 * sizeof(int) + (long)sizeof(float) * tensor.Values.Length;
        }

        if (size > Array.MaxLength)
            throw new InvalidOperationException($"A checkpoint of {size} bytes is too large for this format's in-memory writer.");

        var data = new byte[size];
        Span<byte> span = data;
        CheckpointLayout.Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[CheckpointLayout.VersionOffset..], CheckpointLayout.Version2.Number);
        BinaryPrimitives.WriteUInt16LittleEndian(span[CheckpointLayout.ReservedOffset..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(span[CheckpointLayout.Version2.FileSizeOffset..], size);
        BinaryPrimitives.WriteInt32LittleEndian(span[CheckpointLayout.EpochsOffset..], meta.EpochsTrained);
        BinaryPrimitives.WriteDoubleLittleEndian(span[CheckpointLayout.LearningRateOffset..], meta.LearningRate);
        BinaryPrimitives.WriteInt64LittleEndian(span[CheckpointLayout.SeedOffset..], meta.Seed);
        BinaryPrimitives.WriteDoubleLittleEndian(span[CheckpointLayout.TrainAccuracyOffset..], meta.TrainAccuracy);
        BinaryPrimitives.WriteDoubleLittleEndian(span[CheckpointLayout.TestAccuracyOffset..], meta.TestAccuracy);
        BinaryPrimitives.WriteInt64LittleEndian(span[CheckpointLayout.CreatedOffset..], meta.CreatedUtc.Ticks);

        int offset = CheckpointLayout.Version2.KernelLengthOffset;
        offset = WriteBytes(span, offset, kernel);
        offset = WriteBytes(span, offset, note);
        offset = WriteInt32(span, offset, names.Length);
        for (int i = 0; i < names.Length; i++)
        {
            CheckpointTensor tensor = checkpoint.Tensors[i];
            offset = WriteBytes(span, offset, names[i]);
            offset = WriteInt32(span, offset, tensor.Rows);
            offset = WriteInt32(span, offset, tensor.Columns);
            offset = WriteFloats(span, offset, tensor.Values.Span);
        }

        SHA256.HashData(span[..offset], span[offset..]);
        return data;
    }

    private static int WriteInt32(Span<byte> destination, int offset, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination[offset..], value);
        return offset + sizeof(int);
    }

    // Length-prefixed.
    private static int WriteBytes(Span<byte> destination, int offset, ReadOnlySpan<byte> bytes)
    {
        offset = WriteInt32(destination, offset, bytes.Length);
        bytes.CopyTo(destination[offset..]);
        return offset + bytes.Length;
    }

    private static int WriteFloats(Span<byte> destination, int offset, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            // The file's byte order is the machine's: a plain copy, which is also indifferent to alignment.
            MemoryMarshal.AsBytes(values).CopyTo(destination[offset..]);
            return offset + values.Length * sizeof(float);
        }

        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[offset..], value);
            offset += sizeof(float);
        }

        return offset;
    }
}
