using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace KernelGen.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, either raw or gzip-compressed. Compression is
/// recognised by the gzip magic bytes (1F 8B), not by the file name, because downloads get renamed and
/// some tools decompress without dropping ".gz".
/// </summary>
/// <remarks>
/// <para>
/// An IDX file is a big-endian header followed by the elements: two zero bytes, a type byte (0x08 for
/// unsigned bytes), the number of dimensions, then each dimension as a 32-bit unsigned integer. Only
/// unsigned-byte images (3 dimensions) and labels (1 dimension) are accepted: that is all MNIST-style data
/// sets use, and refusing the rest early gives a clear error instead of garbage pixels.
/// </para>
/// <para>
/// The payload must be exactly as long as the header says. A short file is a broken download; a long one
/// means the header does not describe the file. Both throw <see cref="IdxFormatException"/> rather than
/// being silently cut or padded, because either would train on wrong data without any sign of it.
/// </para>
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of an images file: unsigned bytes (type 0x08) in 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a labels file: unsigned bytes (type 0x08) in 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    private const byte UnsignedByteType = 0x08;
    private const string Redownload = "Delete it and download it again.";

    /// <summary>Reads an images file (magic 0x00000803).</summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <returns>The images as stored, unscaled.</returns>
    /// <exception cref="IdxFormatException">The file is not a valid IDX images file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxImages ReadImages(string path)
    {
        (int[] shape, byte[] payload) = Read(path, ImagesMagic);
        return new IdxImages(shape[0], shape[1], shape[2], payload);
    }

    /// <summary>Reads a labels file (magic 0x00000801).</summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <returns>One byte per label, in file order; the array belongs to the caller.</returns>
    /// <exception cref="IdxFormatException">The file is not a valid IDX labels file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic).Payload;

    private static (int[] Shape, byte[] Payload) Read(string path, int expectedMagic)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        if (!IsGzip(file))
            return ReadIdx(file, path, expectedMagic, rawLength: file.Length);

        try
        {
            using GZipStream unzipped = new(file, CompressionMode.Decompress);
            return ReadIdx(unzipped, path, expectedMagic, rawLength: null);
        }
        catch (InvalidDataException e)
        {
            // The decompressor's own message names neither the file nor a fix.
            throw new IdxFormatException(path, $"starts like gzip (1F 8B) but is not valid gzip data: {e.Message} {Redownload}", e);
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    // rawLength is the file's length when it is not compressed, so a wrong payload length is caught before
    // allocating whatever a damaged header claims; it is null for gzip, whose decompressed length is unknown.
    private static (int[] Shape, byte[] Payload) ReadIdx(Stream source, string path, int expectedMagic, long? rawLength)
    {
        Span<byte> magicBytes = stackalloc byte[4];
        int read = source.ReadAtLeast(magicBytes, 4, throwOnEndOfStream: false);
        if (read < 4)
            throw new IdxFormatException(path, $"too short for an IDX file: it has {read} bytes, and the magic number alone takes 4. {Redownload}");
        int magic = BinaryPrimitives.ReadInt32BigEndian(magicBytes);
        if (magic != expectedMagic)
            throw new IdxFormatException(path, DescribeWrongMagic(magicBytes, expectedMagic));

        int[] shape = ReadShape(source, path, dimensions: expectedMagic & 0xFF);
        long headerLength = 4 + 4L * shape.Length;
        int payloadLength = PayloadLength(path, shape);

        if (rawLength is long length && length - headerLength != payloadLength)
            throw WrongLength(path, shape, expectedMagic, length - headerLength, compressed: false);

        byte[] payload = GC.AllocateUninitializedArray<byte>(payloadLength);
        read = source.ReadAtLeast(payload, payloadLength, throwOnEndOfStream: false);
        if (read < payloadLength)
            throw WrongLength(path, shape, expectedMagic, read, compressed: rawLength is null);
        long trailing = CountRemainingBytes(source);
        if (trailing > 0)
            throw WrongLength(path, shape, expectedMagic, payloadLength + trailing, compressed: rawLength is null);
        return (shape, payload);
    }

    private static int[] ReadShape(Stream source, string path, int dimensions)
    {
        Span<byte> bytes = stackalloc byte[4 * dimensions];
        int read = source.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length)
            throw new IdxFormatException(path, $"truncated header: {dimensions} dimension sizes need {bytes.Length} bytes after the magic number, the file has {read}. {Redownload}");

        var shape = new int[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(4 * d));
            // Each dimension must fit an int on its own; the product is checked separately.
            if (size == 0 || size > int.MaxValue)
                throw new IdxFormatException(path, $"dimension {d + 1} of {dimensions} is {size}, which is {(size == 0 ? "zero: the file holds no data" : "larger than any real data set")}. The header is damaged; {Redownload}");
            shape[d] = (int)size;
        }
        return shape;
    }

    private static int PayloadLength(string path, int[] shape)
    {
        long total = 1;
        foreach (int size in shape)
        {
            // Both factors are at most 2^31 here, so the product cannot overflow a long before the check.
            total *= size;
            if (total > Array.MaxLength)
                throw new IdxFormatException(path, $"header says {string.Join(" x ", shape)} elements, more than one array can hold ({Array.MaxLength}). The header is damaged; {Redownload}");
        }
        return (int)total;
    }

    private static long CountRemainingBytes(Stream source)
    {
        Span<byte> scratch = stackalloc byte[4096];
        long count = 0;
        int read;
        while ((read = source.Read(scratch)) > 0)
            count += read;
        return count;
    }

    private static IdxFormatException WrongLength(string path, int[] shape, int magic, long actual, bool compressed)
    {
        int expected = PayloadLength(path, shape);
        string what = magic == ImagesMagic ? "pixel" : "label";
        string has = compressed ? "the decompressed file has" : "file has";
        string problem = actual < expected ? "truncated" : $"{actual - expected} trailing bytes";
        string fix = actual < expected ? Redownload : "The header does not describe this file; delete it and download it again.";
        return new IdxFormatException(path, $"{problem}: header says {string.Join(" x ", shape)} = {expected} {what} bytes, {has} {actual} after the header. {fix}");
    }

    private static string DescribeWrongMagic(ReadOnlySpan<byte> found, int expectedMagic)
    {
        bool wantImages = expectedMagic == ImagesMagic;
        string kind = wantImages ? "images" : "labels";
        string foundHex = Convert.ToHexString(found);
        string expectedHex = expectedMagic.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);

        if (found[0] != 0 || found[1] != 0)
            return $"not an IDX file: it starts with bytes {foundHex}, where an IDX {kind} file starts with {expectedHex}. Check the path; if the file was downloaded, {Redownload.ToLowerInvariant()}";
        if (found[2] != UnsignedByteType)
            return $"holds elements of IDX type 0x{found[2]:X2}, but {kind} must be unsigned bytes (type 0x08, magic {expectedHex}). Use the unsigned-byte version of the data set.";

        int dimensions = found[3];
        string hint = (wantImages, dimensions) switch
        {
            (true, 1) => " This looks like a labels file: check that the images and labels paths are not swapped.",
            (false, 3) => " This looks like an images file: check that the images and labels paths are not swapped.",
            _ => " Check that this is the right file.",
        };
        return $"has {dimensions} dimension{(dimensions == 1 ? "" : "s")} (magic {foundHex}), but an IDX {kind} file has {expectedMagic & 0xFF} (magic {expectedHex}).{hint}";
    }
}
