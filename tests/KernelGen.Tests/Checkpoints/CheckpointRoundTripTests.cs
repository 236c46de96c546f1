using KernelGen.Tests.Infrastructure;
using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using KernelGen.Checkpoints;
using Xunit;

namespace KernelGen.Tests.Checkpoints;

public sealed class CheckpointRoundTripTests
{
    [Fact]
    public void SaveThenLoadIsBitExact()
    {
        using var dir = new TempDirectory();
        Checkpoint original = CheckpointSamples.Create();
        string path = dir.File("model.kgck");

        original.Save(path);
        Checkpoint loaded = Checkpoint.Load(path);

        Assert.Equal(original.Features, loaded.Features);
        Assert.Equal(original.Classes, loaded.Classes);
        Assert.Equal(Bits(original.Weights), Bits(loaded.Weights));
        Assert.Equal(Bits(original.Bias), Bits(loaded.Bias));
        Assert.Equal(original.Metadata, loaded.Metadata);
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits(loaded.Metadata.LearningRate));
        Assert.Equal(CheckpointSamples.Metadata.CreatedUtc.Ticks, loaded.Metadata.CreatedUtc.Ticks);
        Assert.Equal(DateTimeKind.Utc, loaded.Metadata.CreatedUtc.Kind);
        Assert.Equal(CheckpointSamples.Metadata.Note, loaded.Metadata.Note);
    }

    [Fact]
    public void FileLayoutIsTheDocumentedLittleEndianOne()
    {
        using var dir = new TempDirectory();
        Checkpoint checkpoint = CheckpointSamples.Create(features: 5, classes: 2);
        string path = dir.File("model.kgck");
        checkpoint.Save(path);
        byte[] bytes = File.ReadAllBytes(path);

        int note = Encoding.UTF8.GetByteCount(CheckpointSamples.Metadata.Note);
        Assert.Equal(64 + note + 4 * (5 * 2 + 2) + 32, bytes.Length);
        Assert.Equal("KGCK"u8.ToArray(), bytes[..4]);
        Assert.Equal(new byte[] { 1, 0 }, bytes[4..6]);
        Assert.Equal(Checkpoint.FormatVersion, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(17, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(note, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(60)));
        Assert.Equal(checkpoint.Weights[3], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(64 + note + 3 * 4)));
        Assert.Equal(checkpoint.Bias[1], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(64 + note + 11 * 4)));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)), bytes[^32..]);
    }

    [Fact]
    public void ConstructorCopiesTheArrays()
    {
        float[] weights = { 1, 2, 3, 4 };
        float[] bias = { 5, 6 };
        var checkpoint = new Checkpoint(2, 2, weights, bias);
        weights[0] = 99;
        bias[0] = 99;
        Assert.Equal(1f, checkpoint.Weights[0]);
        Assert.Equal(5f, checkpoint.Bias[0]);
    }

    [Fact]
    public void ShapesMustMatch()
    {
        Assert.Throws<ArgumentException>(() => new Checkpoint(3, 2, new float[5], new float[2]));
        Assert.Throws<ArgumentException>(() => new Checkpoint(3, 2, new float[6], new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Checkpoint(0, 2, new float[0], new float[2]));
    }

    [Fact]
    public void LocalTimestampsAreStoredAsUtc()
    {
        var local = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Local);
        var checkpoint = new Checkpoint(1, 1, new float[1], new float[1], new CheckpointMetadata { CreatedUtc = local });
        Assert.Equal(DateTimeKind.Utc, checkpoint.Metadata.CreatedUtc.Kind);
        Assert.Equal(local.ToUniversalTime(), checkpoint.Metadata.CreatedUtc);
    }

    [Fact]
    public void SaveReplacesAnExistingFileAndLeavesNoTemporaryFiles()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.kgck");
        CheckpointSamples.Create(seed: 1).Save(path);
        Checkpoint second = CheckpointSamples.Create(seed: 2);

        second.Save(path);

        Assert.Equal(new[] { "model.kgck" }, dir.FileNames());
        Assert.Equal(Bits(second.Weights), Bits(Checkpoint.Load(path).Weights));
    }

    [Fact]
    public void SaveCreatesMissingDirectories()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "runs", "1", "model.kgck");
        CheckpointSamples.Create().Save(path);
        Assert.Equal(new[] { Path.Combine("runs", "1", "model.kgck") }, dir.FileNames());
    }

    private static int[] Bits(ReadOnlySpan<float> values) => MemoryMarshal.Cast<float, int>(values).ToArray();
}
