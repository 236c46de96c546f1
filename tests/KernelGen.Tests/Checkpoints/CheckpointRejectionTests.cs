using KernelGen.Tests.Infrastructure;
using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using KernelGen.Checkpoints;
using Xunit;

namespace KernelGen.Tests.Checkpoints;

/// <summary>Files <see cref="Checkpoint.Load"/> must refuse, and models <see cref="Checkpoint.Save"/> must refuse to write.</summary>
public sealed class CheckpointRejectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly byte[] _good;

    public CheckpointRejectionTests()
    {
        _path = _dir.File("model.kgck");
        CheckpointSamples.Create(features: 4, classes: 3).Save(_path);
        _good = File.ReadAllBytes(_path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AnyFlippedByteIsReportedAsCorruption()
    {
        for (int i = 0; i < _good.Length; i++)
        {
            byte[] bad = (byte[])_good.Clone();
            bad[i] ^= 0x10;
            string message = LoadFails(bad).Message;

            Assert.Contains(_path, message);
            // The magic is checked first (it says whether this is a checkpoint at all); everything after it
            // is covered by the checksum, which is checked before any field is believed.
            Assert.Contains(i < 4 ? "not a KernelGen checkpoint" : "corrupt: checksum mismatch", message);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(64)]
    [InlineData(90)]
    [InlineData(-32)]
    [InlineData(-1)]
    public void TruncatedFilesAreReportedAsTruncated(int length)
    {
        int keep = length >= 0 ? length : _good.Length + length;
        CheckpointFormatException error = LoadFails(_good[..keep]);
        Assert.Contains("truncated", error.Message);
        Assert.Contains(_path, error.Message);
    }

    [Fact]
    public void ExtraBytesAtTheEndAreCorruption()
    {
        byte[] longer = new byte[_good.Length + 1];
        _good.CopyTo(longer, 0);
        Assert.Contains("checksum mismatch", LoadFails(longer).Message);
    }

    [Fact]
    public void OtherFilesAreNotCheckpoints()
    {
        byte[] png = { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13 };
        CheckpointFormatException error = LoadFails(png);
        Assert.Contains("not a KernelGen checkpoint", error.Message);
        Assert.Contains("89504E47", error.Message);
    }

    [Fact]
    public void AFutureVersionAsksForANewerKernelGen()
    {
        byte[] future = (byte[])_good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(future.AsSpan(4), 2);
        Reseal(future);

        CheckpointFormatException error = LoadFails(future);
        Assert.Contains("written by a newer KernelGen", error.Message);
        Assert.Contains("version 2", error.Message);
        Assert.Contains(_path, error.Message);
    }

    [Fact]
    public void AnIntactFileWithInconsistentSizesIsRejected()
    {
        byte[] bad = (byte[])_good.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(8), 5); // 5 features, but the data holds 4
        Reseal(bad);
        Assert.Contains("size mismatch", LoadFails(bad).Message);
    }

    [Fact]
    public void AnIntactFileWithNaNWeightsIsRejected()
    {
        byte[] bad = (byte[])_good.Clone();
        int note = BinaryPrimitives.ReadInt32LittleEndian(bad.AsSpan(60));
        BinaryPrimitives.WriteSingleLittleEndian(bad.AsSpan(64 + note + 2 * 4), float.NaN);
        Reseal(bad);
        Assert.Contains("weights[2] is NaN", LoadFails(bad).Message);
    }

    [Fact]
    public void MissingFileIsAnIoError()
    {
        Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(_dir.File("absent.kgck")));
    }

    [Fact]
    public void NaNWeightsAreRefusedAndTheGoodCheckpointIsUntouched()
    {
        float[] weights = new float[12];
        weights[7] = float.NaN;
        var diverged = new Checkpoint(4, 3, weights, new float[3]);

        var error = Assert.Throws<InvalidOperationException>(() => diverged.Save(_path));

        Assert.Contains("weights[7]", error.Message);
        Assert.Contains("class 1, feature 3", error.Message);
        Assert.Contains("NaN", error.Message);
        Assert.Contains(_path, error.Message);
        Assert.Equal(_good, File.ReadAllBytes(_path));
        Assert.Equal(new[] { "model.kgck" }, _dir.FileNames());
    }

    [Fact]
    public void InfiniteBiasIsRefusedAndNothingIsWritten()
    {
        string fresh = _dir.File("fresh.kgck");
        var diverged = new Checkpoint(4, 3, new float[12], new float[] { 0, float.NegativeInfinity, float.PositiveInfinity });

        var error = Assert.Throws<InvalidOperationException>(() => diverged.Save(fresh));

        Assert.Contains("bias[1]", error.Message);
        Assert.False(File.Exists(fresh));
        Assert.Equal(new[] { "model.kgck" }, _dir.FileNames());
    }

    private CheckpointFormatException LoadFails(byte[] content)
    {
        File.WriteAllBytes(_path, content);
        return Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_path));
    }

    // Recomputes the trailing SHA-256, to build files that are intact but say something unexpected.
    private static void Reseal(byte[] file) =>
        SHA256.HashData(file.AsSpan(0, file.Length - 32), file.AsSpan(file.Length - 32));
}
