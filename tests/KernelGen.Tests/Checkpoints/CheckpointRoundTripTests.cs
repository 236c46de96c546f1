using KernelGen.Tests.Infrastructure;
using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using KernelGen.Checkpoints;
using Xunit;
using static KernelGen.Tests.Checkpoints.CheckpointSamples;

namespace KernelGen.Tests.Checkpoints;

public sealed class CheckpointRoundTripTests
{
    [Fact]
    public void SaveThenLoadIsBitExact()
    {
        using var dir = new TempDirectory();
        Checkpoint original = Create();
        string path = dir.File("model.kgck");

        original.Save(path);
        Checkpoint loaded = Checkpoint.Load(path);

        AssertSame(original, loaded);
        Assert.Equal(Kernel, loaded.Kernel);
        Assert.Equal(new[] { "w", "b", "temperature" }, loaded.Tensors.Select(t => t.Name));
        Assert.Equal((3, 7), (loaded["w"].Rows, loaded["w"].Columns));
        Assert.Equal((3, 1), (loaded["b"].Rows, loaded["b"].Columns));
        Assert.Equal((1, 1), (loaded["temperature"].Rows, loaded["temperature"].Columns));
        Assert.Equal(BitConverter.SingleToInt32Bits(Temperature), Bits(loaded["temperature"])[0]);
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits(loaded.Metadata.LearningRate));
        Assert.Equal(Metadata.CreatedUtc.Ticks, loaded.Metadata.CreatedUtc.Ticks);
        Assert.Equal(DateTimeKind.Utc, loaded.Metadata.CreatedUtc.Kind);
        Assert.Equal(Metadata.Note, loaded.Metadata.Note);
    }

    [Fact]
    public void AnMnistSizedModelRoundTrips()
    {
        using var dir = new TempDirectory();
        Checkpoint original = Create(features: 784, classes: 10, seed: 7);
        string path = dir.File("mnist.kgck");

        original.Save(path);

        AssertSame(original, Checkpoint.Load(path));
    }

    [Fact]
    public void UnicodeNamesAnEmptyKernelNameAndEmptyMetadataRoundTrip()
    {
        using var dir = new TempDirectory();
        string longest = string.Concat(Enumerable.Repeat("é", 128)); // 256 bytes of UTF-8: the limit
        var original = new Checkpoint("", new[]
        {
            CheckpointTensor.Vector("log σ²", new[] { 1f, -2f, 3.5f }),
            CheckpointTensor.Scalar("W", 4f),
            CheckpointTensor.Scalar("w", 5f), // names are case-sensitive
            CheckpointTensor.Matrix(longest, 2, 2, new[] { 6f, 7f, 8f, 9f }),
        });
        string path = dir.File("model.kgck");

        original.Save(path);
        Checkpoint loaded = Checkpoint.Load(path);

        AssertSame(original, loaded);
        Assert.Equal("", loaded.Kernel);
        Assert.Equal(5f, loaded["w"].Values.Span[0]);
        Assert.Equal(new[] { 6f, 7f, 8f, 9f }, loaded[longest].Values.ToArray());
    }

    [Fact]
    public void ACheckpointWithoutTensorsRoundTrips()
    {
        using var dir = new TempDirectory();
        var original = new Checkpoint(Kernel, Array.Empty<CheckpointTensor>(), Metadata);
        string path = dir.File("empty.kgck");

        original.Save(path);

        Assert.Equal(104 + Encoding.UTF8.GetByteCount(Kernel) + Encoding.UTF8.GetByteCount(Metadata.Note), new FileInfo(path).Length);
        AssertSame(original, Checkpoint.Load(path));
    }

    [Fact]
    public void FileLayoutIsTheDocumentedLittleEndianOne()
    {
        using var dir = new TempDirectory();
        Checkpoint checkpoint = Create(features: 5, classes: 2);
        string path = dir.File("model.kgck");
        checkpoint.Save(path);
        byte[] bytes = File.ReadAllBytes(path);

        byte[] kernel = Encoding.UTF8.GetBytes(Kernel);
        byte[] note = Encoding.UTF8.GetBytes(Metadata.Note);
        int k = kernel.Length, n = note.Length;
        int w = 72 + k + n;                    // tensor "w": name length, name, rows, columns, 2 x 5 floats
        int b = w + 4 + 1 + 8 + 4 * 10;        // tensor "b": 2 x 1
        int t = b + 4 + 1 + 8 + 4 * 2;         // tensor "temperature": 1 x 1
        int end = t + 4 + 11 + 8 + 4;
        Assert.Equal(end + 32, bytes.Length);

        Assert.Equal("KGCK"u8.ToArray(), bytes[..4]);
        Assert.Equal(new byte[] { 2, 0 }, bytes[4..6]);
        Assert.Equal(Checkpoint.FormatVersion, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(bytes.Length, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(17, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(0.1 + 0.2, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(20)));
        Assert.Equal(Metadata.Seed, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(28)));
        Assert.Equal(Metadata.TrainAccuracy, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(36)));
        Assert.True(double.IsNaN(BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(44))));
        Assert.Equal(Metadata.CreatedUtc.Ticks, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(52)));
        Assert.Equal(k, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(60)));
        Assert.Equal(kernel, bytes[64..(64 + k)]);
        Assert.Equal(n, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(64 + k)));
        Assert.Equal(note, bytes[(68 + k)..(68 + k + n)]);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(68 + k + n)));

        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(w)));
        Assert.Equal((byte)'w', bytes[w + 4]);
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(w + 5)));
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(w + 9)));
        Assert.Equal(Bits(checkpoint["w"])[7], BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(w + 13 + 7 * 4))); // row 1, column 2

        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(b)));
        Assert.Equal((byte)'b', bytes[b + 4]);
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(b + 5)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(b + 9)));
        Assert.Equal(Bits(checkpoint["b"])[1], BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(b + 13 + 4)));

        Assert.Equal(11, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(t)));
        Assert.Equal("temperature"u8.ToArray(), bytes[(t + 4)..(t + 15)]);
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(t + 15)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(t + 19)));
        Assert.Equal(BitConverter.SingleToInt32Bits(Temperature), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(t + 23)));

        Assert.Equal(SHA256.HashData(bytes.AsSpan(0, end)), bytes[end..]);
    }

    [Fact]
    public void SaveReplacesAnExistingFileAndLeavesNoTemporaryFiles()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.kgck");
        Create(seed: 1).Save(path);
        Checkpoint second = Create(seed: 2);

        second.Save(path);

        Assert.Equal(new[] { "model.kgck" }, dir.FileNames());
        AssertSame(second, Checkpoint.Load(path));
    }

    [Fact]
    public void SaveCreatesMissingDirectories()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "runs", "1", "model.kgck");
        Create().Save(path);
        Assert.Equal(new[] { Path.Combine("runs", "1", "model.kgck") }, dir.FileNames());
    }

    /// <summary>Same kernel, metadata, and tensors in the same order with the same names, shapes and value bits.</summary>
    internal static void AssertSame(Checkpoint expected, Checkpoint actual)
    {
        Assert.Equal(expected.Kernel, actual.Kernel);
        Assert.Equal(expected.Metadata, actual.Metadata);
        Assert.Equal(expected.Tensors.Count, actual.Tensors.Count);
        for (int i = 0; i < expected.Tensors.Count; i++)
        {
            CheckpointTensor e = expected.Tensors[i], a = actual.Tensors[i];
            Assert.Equal((e.Name, e.Rows, e.Columns), (a.Name, a.Rows, a.Columns));
            Assert.Equal(Bits(e), Bits(a));
        }
    }
}
