namespace KernelGen.Data;

/// <summary>
/// The contents of an IDX images file as stored: <see cref="Count"/> images of <see cref="Rows"/> x
/// <see cref="Columns"/> unsigned-byte pixels, row-major, one image after another. <see cref="Dataset"/>
/// turns this into scaled floats; this type exists so the reader stays a reader.
/// </summary>
public sealed class IdxImages
{
    internal IdxImages(int count, int rows, int columns, byte[] pixels)
    {
        Count = count;
        Rows = rows;
        Columns = columns;
        Pixels = pixels;
    }

    /// <summary>Number of images (the first dimension).</summary>
    public int Count { get; }

    /// <summary>Pixel rows per image (the second dimension).</summary>
    public int Rows { get; }

    /// <summary>Pixel columns per image (the third dimension).</summary>
    public int Columns { get; }

    /// <summary>
    /// All pixels, <see cref="Count"/> x <see cref="Rows"/> x <see cref="Columns"/> bytes (0 = background,
    /// 255 = ink for MNIST). The array belongs to the caller; the reader keeps no reference to it.
    /// </summary>
    public byte[] Pixels { get; }
}
