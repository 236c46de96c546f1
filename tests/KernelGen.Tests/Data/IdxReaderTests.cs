using KernelGen.Tests.Infrastructure;
using System;
using System.IO;
using KernelGen.Data;
using Xunit;
using static KernelGen.Tests.Data.IdxTestFiles;

namespace KernelGen.Tests.Data;

/// <summary>
/// <see cref="IdxReader"/> on small hand-made files: good ones read back byte for byte, raw and gzipped, and
/// every kind of damage is an <see cref="IdxFormatException"/> that names the file and the problem.
/// </summary>
public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_exactly(bool gzip)
    {
        byte[] pixels = Pixels(3 * 4 * 5);
        string path = WriteImages(_dir.File("images"), 3, 4, 5, pixels, gzip);

        IdxImages images = IdxReader.ReadImages(path);

        Assert.Equal((3, 4, 5), (images.Count, images.Rows, images.Columns));
        Assert.Equal(pixels, images.Pixels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_labels_exactly(bool gzip)
    {
        byte[] labels = [5, 0, 4, 1, 9, 2, 255];
        string path = WriteLabels(_dir.File("labels"), labels, gzip);

        Assert.Equal(labels, IdxReader.ReadLabels(path));
    }

    [Fact]
    public void Gzip_is_recognised_by_content_not_by_name()
    {
        byte[] labels = [1, 2, 3];
        string gzipWithoutExtension = WriteLabels(_dir.File("labels"), labels, gzip: true);
        string rawWithExtension = WriteLabels(_dir.File("labels.gz"), labels, gzip: false);

        Assert.Equal(labels, IdxReader.ReadLabels(gzipWithoutExtension));
        Assert.Equal(labels, IdxReader.ReadLabels(rawWithExtension));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_payload_is_an_error_naming_the_file_and_both_lengths(bool gzip)
    {
        string path = Write(_dir.File("train-images-idx3-ubyte"), Header(ImagesMagic, 3, 2, 2), Pixels(11), gzip);

        string message = AssertIdxError(path, () => IdxReader.ReadImages(path));

        Assert.Contains("truncated: header says 3 x 2 x 2 = 12 pixel bytes", message);
        Assert.Contains("has 11 after the header", message);
        Assert.Contains("download it again", message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Trailing_bytes_are_an_error(bool gzip)
    {
        string path = Write(_dir.File("labels"), Header(LabelsMagic, 4), [1, 2, 3, 4, 5, 6], gzip);

        string message = AssertIdxError(path, () => IdxReader.ReadLabels(path));

        Assert.Contains("2 trailing bytes: header says 4 = 4 label bytes", message);
        Assert.Contains("has 6 after the header", message);
    }

    [Fact]
    public void A_file_that_is_not_idx_is_an_error_showing_its_first_bytes()
    {
        string path = _dir.File("images");
        File.WriteAllText(path, "<html>Not Found</html>");

        string message = AssertIdxError(path, () => IdxReader.ReadImages(path));

        Assert.Contains("not an IDX file: it starts with bytes 3C68746D", message);
        Assert.Contains("00000803", message);
    }

    [Fact]
    public void A_non_byte_element_type_is_an_error()
    {
        // 0x0D is the IDX code for 32-bit floats.
        string path = Write(_dir.File("images"), Header(0x00000D03, 1, 1, 1), [0, 0, 0, 0], gzip: false);

        string message = AssertIdxError(path, () => IdxReader.ReadImages(path));

        Assert.Contains("IDX type 0x0D", message);
    }

    [Fact]
    public void A_labels_file_read_as_images_is_a_dimension_count_error_that_suggests_a_swap()
    {
        string path = WriteLabels(_dir.File("train-labels-idx1-ubyte"), [1, 2, 3]);

        string message = AssertIdxError(path, () => IdxReader.ReadImages(path));

        Assert.Contains("has 1 dimension (magic 00000801), but an IDX images file has 3", message);
        Assert.Contains("swapped", message);
    }

    [Fact]
    public void An_images_file_read_as_labels_is_a_dimension_count_error()
    {
        string path = WriteImages(_dir.File("images"), 1, 1, 1, [7]);

        string message = AssertIdxError(path, () => IdxReader.ReadLabels(path));

        Assert.Contains("has 3 dimensions (magic 00000803), but an IDX labels file has 1", message);
    }

    [Theory]
    [InlineData(0u, 28u, 28u, 1)]
    [InlineData(10u, 0u, 28u, 2)]
    [InlineData(10u, 28u, 0u, 3)]
    public void A_zero_dimension_is_an_error(uint count, uint rows, uint columns, int which)
    {
        string path = Write(_dir.File("images"), Header(ImagesMagic, count, rows, columns), [], gzip: false);

        string message = AssertIdxError(path, () => IdxReader.ReadImages(path));

        Assert.Contains($"dimension {which} of 3 is 0, which is zero", message);
    }

    [Fact]
    public void Dimensions_whose_product_no_array_holds_are_an_error_before_any_allocation()
    {
        string path = Write(_dir.File("images"), Header(ImagesMagic, 60000, 60000, 60000), [], gzip: false);

        string message = AssertIdxError(path, () => IdxReader.ReadImages(path));

        Assert.Contains("60000 x 60000 x 60000 elements, more than one array can hold", message);
    }

    [Fact]
    public void A_dimension_above_int_max_is_an_error()
    {
        string path = Write(_dir.File("labels"), Header(LabelsMagic, uint.MaxValue), [], gzip: false);

        string message = AssertIdxError(path, () => IdxReader.ReadLabels(path));

        Assert.Contains("dimension 1 of 1 is 4294967295", message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void A_file_shorter_than_the_magic_number_is_an_error(int length)
    {
        string path = _dir.File("labels");
        File.WriteAllBytes(path, new byte[length]);

        string message = AssertIdxError(path, () => IdxReader.ReadLabels(path));

        Assert.Contains($"too short for an IDX file: it has {length} bytes", message);
    }

    [Fact]
    public void A_truncated_header_is_an_error()
    {
        byte[] header = Header(ImagesMagic, 1, 2, 3);
        string path = _dir.File("images");
        File.WriteAllBytes(path, header.AsSpan(0, 10).ToArray());

        string message = AssertIdxError(path, () => IdxReader.ReadImages(path));

        Assert.Contains("truncated header: 3 dimension sizes need 12 bytes after the magic number, the file has 6", message);
    }

    [Fact]
    public void Gzip_magic_followed_by_garbage_is_an_invalid_gzip_error()
    {
        string path = _dir.File("train-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, [0x1F, 0x8B, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42]);

        string message = AssertIdxError(path, () => IdxReader.ReadImages(path));

        Assert.Contains("not valid gzip data", message);
    }

    [Fact]
    public void A_cut_off_gzip_stream_is_an_error_naming_the_file()
    {
        // Cutting the compressed bytes may surface as bad gzip or as a short payload, depending on where the
        // cut falls; either way it must be a format error about this file.
        string full = WriteImages(_dir.File("full.gz"), 20, 8, 8, Pixels(20 * 8 * 8), gzip: true);
        byte[] compressed = File.ReadAllBytes(full);
        string path = _dir.File("cut.gz");
        File.WriteAllBytes(path, compressed.AsSpan(0, compressed.Length / 2).ToArray());

        string message = AssertIdxError(path, () => IdxReader.ReadImages(path));

        Assert.True(message.Contains("not valid gzip", StringComparison.Ordinal) || message.Contains("truncated", StringComparison.Ordinal), message);
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found_error()
    {
        string path = _dir.File("nope");

        var error = Assert.Throws<FileNotFoundException>(() => IdxReader.ReadLabels(path));

        Assert.Contains(path, error.Message);
    }

    /// <summary>Asserts an <see cref="IdxFormatException"/> whose message starts with the path, and returns the message.</summary>
    internal static string AssertIdxError(string path, Action read)
    {
        var error = Assert.Throws<IdxFormatException>(read);
        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path + ": ", error.Message);
        return error.Message;
    }

    private static string AssertIdxError(string path, Func<object> read) => AssertIdxError(path, () => { read(); });
}
