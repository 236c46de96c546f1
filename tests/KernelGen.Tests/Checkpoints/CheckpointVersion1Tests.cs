using KernelGen.Tests.Infrastructure;
using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using KernelGen.Checkpoints;
using Xunit;
using static KernelGen.Tests.Checkpoints.CheckpointSamples;

namespace KernelGen.Tests.Checkpoints;

/// <summary>
/// Files of format version 1 (one softmax-regression model), built byte by byte, still load: as kernel ""
/// with tensors <c>w</c> (classes x features) and <c>b</c> (classes x 1).
/// </summary>
public sealed class CheckpointVersion1Tests : IDisposable
{
    private const int Features = 5, Classes = 3;

    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly byte[] _file;

    public CheckpointVersion1Tests()
    {
        _path = _dir.File("old.kgck");
        var random = new Random(3);
        _weights = Awkward(Features * Classes, random);
        _bias = Awkward(Classes, random);
        _file = Version1File(Features, Classes, _weights, _bias, Metadata);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AVersion1FileLoadsAsWAndB()
    {
        Assert.Equal(64 + Encoding.UTF8.GetByteCount(Metadata.Note) + 4 * (Classes * Features + Classes) + 32, _file.Length);
        File.WriteAllBytes(_path, _file);

        Checkpoint loaded = Checkpoint.Load(_path);

        Assert.Equal("", loaded.Kernel);
        Assert.Equal(new[] { "w", "b" }, loaded.Tensors.Select(t => t.Name));
        Assert.Equal((Classes, Features), (loaded["w"].Rows, loaded["w"].Columns));
        Assert.Equal((Classes, 1), (loaded["b"].Rows, loaded["b"].Columns));
        Assert.Equal(Bits(_weights), Bits(loaded["w"]));
        Assert.Equal(Bits(_bias), Bits(loaded["b"]));
        Assert.Equal(Metadata, loaded.Metadata);
        Assert.Equal(DateTimeKind.Utc, loaded.Metadata.CreatedUtc.Kind);
    }

    [Fact]
    public void AVersion1CheckpointSavedAgainIsVersion2WithTheSameContent()
    {
        File.WriteAllBytes(_path, _file);
        Checkpoint old = Checkpoint.Load(_path);
        string path = _dir.File("new.kgck");

        old.Save(path);

        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(File.ReadAllBytes(path).AsSpan(4)));
        CheckpointRoundTripTests.AssertSame(old, Checkpoint.Load(path));
    }

    [Fact]
    public void AnyFlippedByteOfAVersion1FileIsCorruption()
    {
        for (int i = 4; i < _file.Length; i++)
        {
            byte[] bad = (byte[])_file.Clone();
            bad[i] ^= 0x10;
            Assert.Contains("corrupt: checksum mismatch", LoadFails(bad).Message);
        }
    }

    [Theory]
    [InlineData(20)]
    [InlineData(64)]
    [InlineData(95)]
    [InlineData(96)]
    [InlineData(-32)]
    [InlineData(-1)]
    public void ATruncatedVersion1FileIsReportedAsTruncated(int length)
    {
        int keep = length >= 0 ? length : _file.Length + length;
        Assert.Contains("truncated", LoadFails(_file[..keep]).Message);
    }

    [Fact]
    public void AnIntactVersion1FileWithInconsistentSizesIsRejected()
    {
        byte[] bad = (byte[])_file.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(8), Features + 1);
        Reseal(bad);
        Assert.Contains("size mismatch", LoadFails(bad).Message);

        BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(8), int.MaxValue);
        BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(12), int.MaxValue);
        Reseal(bad);
        Assert.Contains("size mismatch", LoadFails(bad).Message);
    }

    [Fact]
    public void AnIntactVersion1FileWithNaNWeightsIsRejected()
    {
        byte[] bad = (byte[])_file.Clone();
        int note = BinaryPrimitives.ReadInt32LittleEndian(bad.AsSpan(60));
        BinaryPrimitives.WriteSingleLittleEndian(bad.AsSpan(64 + note + 7 * 4), float.NaN);
        Reseal(bad);
        Assert.Contains("tensor 'w' has NaN at index 7 (row 1, column 2)", LoadFails(bad).Message);
    }

    private CheckpointFormatException LoadFails(byte[] content)
    {
        File.WriteAllBytes(_path, content);
        var error = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_path));
        Assert.Contains(_path, error.Message);
        return error;
    }
}
