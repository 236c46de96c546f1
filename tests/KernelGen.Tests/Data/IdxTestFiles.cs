using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace KernelGen.Tests.Data;

/// <summary>Writes small IDX files, well-formed or deliberately broken, raw or gzipped.</summary>
public static class IdxTestFiles
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>An IDX header: the magic number, then each dimension, all big-endian.</summary>
    public static byte[] Header(int magic, params uint[] dimensions)
    {
        var header = new byte[4 + 4 * dimensions.Length];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (int d = 0; d < dimensions.Length; d++)
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * d), dimensions[d]);
        return header;
    }

    /// <summary>Writes <paramref name="header"/> and <paramref name="payload"/> to <paramref name="path"/>, gzipped if asked.</summary>
    public static string Write(string path, byte[] header, byte[] payload, bool gzip)
    {
        var bytes = new byte[header.Length + payload.Length];
        header.CopyTo(bytes, 0);
        payload.CopyTo(bytes, header.Length);
        File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
        return path;
    }

    public static string WriteImages(string path, int count, int rows, int columns, byte[] pixels, bool gzip = false)
        => Write(path, Header(ImagesMagic, (uint)count, (uint)rows, (uint)columns), pixels, gzip);

    public static string WriteLabels(string path, byte[] labels, bool gzip = false)
        => Write(path, Header(LabelsMagic, (uint)labels.Length), labels, gzip);

    /// <summary>Pixels that cover every byte value, so scaling is checked across the whole range.</summary>
    public static byte[] Pixels(int length)
    {
        var pixels = new byte[length];
        for (int i = 0; i < length; i++)
            pixels[i] = (byte)(i * 37 + 11);
        return pixels;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            zip.Write(bytes);
        return buffer.ToArray();
    }
}
