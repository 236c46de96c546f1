using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using KernelGen.Checkpoints;

namespace KernelGen.Tests.Checkpoints;

/// <summary>
/// Checkpoints with awkward but legal values, for round-trip and corruption tests, and the documented byte
/// layouts spelled out independently of the runtime's own constants.
/// </summary>
internal static class CheckpointSamples
{
    public const string Kernel = "SoftmaxRegressionKernels.MnistLoss";

    public static readonly CheckpointMetadata Metadata = new()
    {
        EpochsTrained = 17,
        LearningRate = 0.1 + 0.2, // not a "round" double: must survive bit for bit
        Seed = -8_765_432_101_234L,
        TrainAccuracy = 0.93251666666666671,
        TestAccuracy = double.NaN, // not measured: metadata may say so
        CreatedUtc = new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc).AddTicks(1234567),
        Note = "lr sweep → 0.3, batch 64; ünïcödé & \"quotes\"\n2nd line",
    };

    /// <summary>Float bits a careless format would lose.</summary>
    public const float Temperature = -float.MinValue / 3;

    /// <summary>
    /// Kernel <see cref="Kernel"/> with <c>w</c> (classes x features), <c>b</c> (classes x 1) and
    /// <c>temperature</c> (1 x 1), in that order.
    /// </summary>
    public static Checkpoint Create(int features = 7, int classes = 3, int seed = 42) =>
        new(Kernel, Tensors(features, classes, seed), Metadata);

    public static CheckpointTensor[] Tensors(int features, int classes, int seed)
    {
        var random = new Random(seed);
        float[] weights = Awkward(features * classes, random);
        float[] bias = Awkward(classes, random);
        return new[]
        {
            CheckpointTensor.Matrix("w", classes, features, weights),
            CheckpointTensor.Vector("b", bias),
            CheckpointTensor.Scalar("temperature", Temperature),
        };
    }

    /// <summary>Random values in [-1, 1], the first few replaced by ones whose bits a careless format would lose.</summary>
    public static float[] Awkward(int count, Random random)
    {
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(random.NextDouble() * 2 - 1);
        float[] special = { -0f, float.Epsilon, float.MaxValue, -float.MaxValue, BitConverter.Int32BitsToSingle(0x007F_FFFF) };
        for (int i = 0; i < Math.Min(special.Length, count - 1); i++)
            values[i] = special[i];
        return values;
    }

    public static int[] Bits(ReadOnlySpan<float> values) => MemoryMarshal.Cast<float, int>(values).ToArray();

    public static int[] Bits(CheckpointTensor tensor) => Bits(tensor.Values.Span);

    /// <summary>Recomputes the trailing SHA-256, to build files that are intact but say something unexpected.</summary>
    public static void Reseal(byte[] file) =>
        SHA256.HashData(file.AsSpan(0, file.Length - 32), file.AsSpan(file.Length - 32));

    /// <summary>
    /// A format-version-1 file built byte by byte from its documented layout:
    /// magic, version 1, reserved, features, classes, the metadata, note length and note, weights, bias, SHA-256.
    /// </summary>
    public static byte[] Version1File(int features, int classes, float[] weights, float[] bias, CheckpointMetadata metadata)
    {
        byte[] note = Encoding.UTF8.GetBytes(metadata.Note);
        var file = new byte[64 + note.Length + 4 * (classes * features + classes) + 32];
        Span<byte> span = file;
        "KGCK"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], features);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], classes);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], metadata.EpochsTrained);
        BinaryPrimitives.WriteDoubleLittleEndian(span[20..], metadata.LearningRate);
        BinaryPrimitives.WriteInt64LittleEndian(span[28..], metadata.Seed);
        BinaryPrimitives.WriteDoubleLittleEndian(span[36..], metadata.TrainAccuracy);
        BinaryPrimitives.WriteDoubleLittleEndian(span[44..], metadata.TestAccuracy);
        BinaryPrimitives.WriteInt64LittleEndian(span[52..], metadata.CreatedUtc.Ticks);
        BinaryPrimitives.WriteInt32LittleEndian(span[60..], note.Length);
        note.CopyTo(span[64..]);
        int offset = 64 + note.Length;
        foreach (float value in weights)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[offset..], value);
            offset += 4;
        }

        foreach (float value in bias)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[offset..], value);
            offset += 4;
        }

        Reseal(file);
        return file;
    }

    /// <summary>Where the fields of a well-formed version-2 file are, found by walking its documented layout.</summary>
    public static Version2Fields Walk(byte[] file)
    {
        int kernelLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(60));
        int noteLengthOffset = 64 + kernelLength;
        int noteLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(noteLengthOffset));
        int countOffset = noteLengthOffset + 4 + noteLength;
        int count = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(countOffset));
        var tensors = new List<TensorFields>();
        int offset = countOffset + 4;
        for (int i = 0; i < count; i++)
        {
            int nameLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset));
            int rowsOffset = offset + 4 + nameLength;
            int rows = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(rowsOffset));
            int columns = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(rowsOffset + 4));
            tensors.Add(new TensorFields(offset, offset + 4, rowsOffset, rowsOffset + 4, rowsOffset + 8, rows * columns));
            offset = rowsOffset + 8 + 4 * rows * columns;
        }

        return new Version2Fields(noteLengthOffset, countOffset, tensors, offset);
    }

    /// <param name="NoteLength">Offset of the note length.</param>
    /// <param name="Count">Offset of the tensor count.</param>
    /// <param name="Tensors">Each tensor's fields.</param>
    /// <param name="Checksum">Offset of the SHA-256 trailer.</param>
    public sealed record Version2Fields(int NoteLength, int Count, IReadOnlyList<TensorFields> Tensors, int Checksum);

    /// <summary>Offsets of one tensor's fields, and its number of values.</summary>
    public sealed record TensorFields(int NameLength, int Name, int Rows, int Columns, int Values, int ValueCount);
}
