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

/// <summary>Files <see cref="Checkpoint.Load"/> must refuse, and models <see cref="Checkpoint.Save"/> must refuse to write.</summary>
public sealed class CheckpointRejectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly byte[] _good;
    private readonly Version2Fields _fields;

    public CheckpointRejectionTests()
    {
        _path = _dir.File("model.kgck");
        Create(features: 4, classes: 3).Save(_path);
        _good = File.ReadAllBytes(_path);
        _fields = Walk(_good);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AnyFlippedBitIsReportedAsCorruption()
    {
        for (int i = 0; i < _good.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] bad = (byte[])_good.Clone();
                bad[i] ^= (byte)(1 << bit);
                string message = LoadFails(bad).Message;

                Assert.Contains(_path, message);
                // The magic is checked first (it says whether this is a checkpoint at all); everything after it
                // is covered by the checksum, which is checked before any field is believed.
                Assert.Contains(i < 4 ? "not a KernelGen checkpoint" : "corrupt: checksum mismatch", message);
            }
        }
    }

    [Fact]
    public void ATruncationAtAnyLengthIsReportedAsTruncated()
    {
        for (int keep = 0; keep < _good.Length; keep++)
        {
            CheckpointFormatException error = LoadFails(_good[..keep]);
            Assert.Contains("truncated", error.Message);
            Assert.Contains(_path, error.Message);
        }
    }

    [Fact]
    public void ExtraBytesAtTheEndAreCorruption()
    {
        byte[] longer = new byte[_good.Length + 1];
        _good.CopyTo(longer, 0);
        string message = LoadFails(longer).Message;
        Assert.Contains("checksum mismatch", message);
        Assert.Contains("extra bytes", message);
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
        BinaryPrimitives.WriteUInt16LittleEndian(future.AsSpan(4), 3);
        Reseal(future);

        CheckpointFormatException error = LoadFails(future);
        Assert.Contains("written by a newer KernelGen", error.Message);
        Assert.Contains("version 3", error.Message);
        Assert.Contains("reads up to version 2", error.Message);
        Assert.Contains(_path, error.Message);
    }

    [Fact]
    public void AFutureVersionOfAnyShapeAsksForANewerKernelGen()
    {
        // Only the magic, the version and the checksum are common to all versions: a newer file may be shorter
        // than this version's header, and its sizes mean nothing to this build.
        byte[] future = new byte[4 + 2 + 32];
        "KGCK"u8.CopyTo(future);
        BinaryPrimitives.WriteUInt16LittleEndian(future.AsSpan(4), 40_000);
        Reseal(future);
        Assert.Contains("written by a newer KernelGen (format version 40000", LoadFails(future).Message);
    }

    [Fact]
    public void VersionZeroIsInvalid()
    {
        byte[] bad = (byte[])_good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(bad.AsSpan(4), 0);
        Reseal(bad);
        Assert.Contains("invalid format version 0", LoadFails(bad).Message);
    }

    [Fact]
    public void NonZeroReservedBytesAreRejected()
    {
        byte[] bad = (byte[])_good.Clone();
        bad[7] = 1;
        Reseal(bad);
        Assert.Contains("reserved header bytes are not zero", LoadFails(bad).Message);
    }

    [Fact]
    public void AnIntactFileWhoseHeaderMisstatesItsSizeIsRejected()
    {
        byte[] bad = (byte[])_good.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(bad.AsSpan(8), bad.Length + 4L);
        Reseal(bad);
        Assert.Contains($"size mismatch: the header says the file has {bad.Length + 4} bytes, but it has {bad.Length}", LoadFails(bad).Message);
    }

    // Intact files (the checksum recomputed) with one length, count or dimension wrong: each must be reported
    // as what it is, and none may make the reader allocate what the bad field asks for.
    [Theory]
    [InlineData("kernel length", int.MaxValue, "invalid length 2147483647 of the kernel name at offset 60 (allowed: 0 to 4096 bytes)")]
    [InlineData("kernel length", -1, "invalid length -1 of the kernel name")]
    [InlineData("kernel length", 4000, "the kernel name (4000 bytes at offset 64) runs past the end")]
    [InlineData("note length", int.MaxValue, "invalid length 2147483647 of the note")]
    [InlineData("note length", int.MinValue, "invalid length -2147483648 of the note")]
    [InlineData("tensor count", int.MaxValue, "tensor count 2147483647 at offset")]
    [InlineData("tensor count", -1, "invalid tensor count -1")]
    [InlineData("tensor count", 4, "the length of the name of tensor 3 (4 bytes at offset")]
    [InlineData("tensor count", 2, "unexpected bytes at offset")]
    [InlineData("tensor count", 0, "unexpected bytes at offset")]
    [InlineData("name length", int.MaxValue, "invalid length 2147483647 of the name of tensor 0")]
    [InlineData("name length", 0, "invalid length 0 of the name of tensor 0")]
    [InlineData("name length", 250, "the name of tensor 0 (250 bytes at offset")]
    [InlineData("rows", int.MaxValue, "tensor 0 ('w') is 2147483647 x 4 = 8589934588 floats at offset")]
    [InlineData("rows", 0, "tensor 0 ('w') has invalid shape 0 x 4")]
    [InlineData("rows", -3, "tensor 0 ('w') has invalid shape -3 x 4")]
    [InlineData("columns", int.MinValue, "tensor 0 ('w') has invalid shape 3 x -2147483648")]
    [InlineData("both", int.MaxValue, "tensor 0 ('w') is 2147483647 x 2147483647 = 4611686014132420609 floats")]
    [InlineData("last rows", 2, "tensor 2 ('temperature') is 2 x 1 = 2 floats at offset")]
    public void AnIntactFileWithACorruptLengthIsRejectedWithoutAllocatingIt(string field, int value, string expected)
    {
        byte[] bad = (byte[])_good.Clone();
        TensorFields first = _fields.Tensors[0];
        void Write(int offset) => BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(offset), value);
        switch (field)
        {
            case "kernel length": Write(60); break;
            case "note length": Write(_fields.NoteLength); break;
            case "tensor count": Write(_fields.Count); break;
            case "name length": Write(first.NameLength); break;
            case "rows": Write(first.Rows); break;
            case "columns": Write(first.Columns); break;
            case "both": Write(first.Rows); Write(first.Columns); break;
            case "last rows": Write(_fields.Tensors[^1].Rows); break;
            default: throw new ArgumentException(field);
        }

        Reseal(bad);
        File.WriteAllBytes(_path, bad);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(expected, error.Problem);
        Assert.Contains(_path, error.Message);
        Assert.True(allocated < 1 << 20, $"Rejecting the file allocated {allocated} bytes.");
    }

    [Fact]
    public void AnIntactFileWithDuplicateNamesIsRejected()
    {
        new Checkpoint(Kernel, new[] { CheckpointTensor.Scalar("w", 1), CheckpointTensor.Scalar("x", 2), CheckpointTensor.Scalar("v", 3) })
            .Save(_path);
        byte[] bad = File.ReadAllBytes(_path);
        bad[Walk(bad).Tensors[2].Name] = (byte)'w';
        Reseal(bad);
        Assert.Contains("two tensors are named 'w' (tensors 0 and 2)", LoadFails(bad).Message);
    }

    [Fact]
    public void AnIntactFileWithANameThatIsNotUtf8IsRejected()
    {
        byte[] bad = (byte[])_good.Clone();
        bad[_fields.Tensors[1].Name] = 0xFF;
        Reseal(bad);
        Assert.Contains("the name of tensor 1 is not valid UTF-8", LoadFails(bad).Message);
    }

    [Fact]
    public void AnIntactFileWithANoteThatIsNotUtf8IsRejected()
    {
        byte[] bad = (byte[])_good.Clone();
        bad[_fields.NoteLength + 4] = 0xC0; // an overlong encoding's lead byte
        Reseal(bad);
        Assert.Contains("the note is not valid UTF-8", LoadFails(bad).Message);
    }

    [Fact]
    public void AnIntactFileWithBytesBetweenTheLastTensorAndTheChecksumIsRejected()
    {
        byte[] bad = new byte[_good.Length + 3];
        _good.AsSpan(0, _fields.Checksum).CopyTo(bad);
        BinaryPrimitives.WriteInt64LittleEndian(bad.AsSpan(8), bad.Length);
        Reseal(bad);
        Assert.Contains($"3 unexpected bytes at offset {_fields.Checksum}", LoadFails(bad).Message);
    }

    [Fact]
    public void AnIntactFileWithNaNValuesIsRejected()
    {
        byte[] bad = (byte[])_good.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(bad.AsSpan(_fields.Tensors[0].Values + 6 * 4), float.NaN);
        Reseal(bad);
        Assert.Contains("tensor 'w' has NaN at index 6 (row 1, column 2)", LoadFails(bad).Message);
    }

    [Fact]
    public void MissingFileIsAnIoError()
    {
        Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(_dir.File("absent.kgck")));
    }

    [Fact]
    public void NaNValuesAreRefusedAndTheGoodCheckpointIsUntouched()
    {
        float[] weights = new float[12];
        weights[7] = float.NaN;
        var diverged = new Checkpoint(Kernel, new[] { CheckpointTensor.Vector("b", new float[3]), CheckpointTensor.Matrix("w", 3, 4, weights) });

        var error = Assert.Throws<InvalidOperationException>(() => diverged.Save(_path));

        Assert.Contains("tensor 'w' has NaN at index 7 (row 1, column 3)", error.Message);
        Assert.Contains(_path, error.Message);
        Assert.Contains("nothing was written", error.Message);
        Assert.Equal(_good, File.ReadAllBytes(_path));
        Assert.Equal(new[] { "model.kgck" }, _dir.FileNames());
    }

    [Fact]
    public void AnInfiniteScalarIsRefusedAndNothingIsWritten()
    {
        string fresh = _dir.File("fresh.kgck");
        CheckpointTensor[] tensors = Tensors(features: 4, classes: 3, seed: 1);
        tensors[2] = CheckpointTensor.Scalar("temperature", float.NegativeInfinity);
        var diverged = new Checkpoint(Kernel, tensors);

        var error = Assert.Throws<InvalidOperationException>(() => diverged.Save(fresh));

        Assert.Contains("tensor 'temperature' has -infinity at index 0 (row 0, column 0)", error.Message);
        Assert.False(File.Exists(fresh));
        Assert.Equal(new[] { "model.kgck" }, _dir.FileNames());
    }

    [Fact]
    public void TheSampleFileIsWhatTheseTestsAssume()
    {
        // The offsets above come from walking the documented layout; check the walk against the sample.
        int kernel = Encoding.UTF8.GetByteCount(Kernel);
        Assert.Equal(64 + kernel, _fields.NoteLength);
        Assert.Equal(new[] { 12, 3, 1 }, _fields.Tensors.Select(t => t.ValueCount));
        Assert.Equal(_good.Length - 32, _fields.Checksum);
    }

    private CheckpointFormatException LoadFails(byte[] content)
    {
        File.WriteAllBytes(_path, content);
        return Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_path));
    }
}
