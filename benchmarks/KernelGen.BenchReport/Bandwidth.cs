namespace KernelGen.BenchReport;

/// <summary>
/// Achieved memory bandwidth on the long row, where the data is far larger than the caches. The copy moves each
/// float twice (read + write); a two-pass softmax must move it three times (read for max and sum, read again,
/// write), so its effective bandwidth counts 12 bytes per element and is compared with the copy's.
/// </summary>
public static class Bandwidth
{
    public const int BytesPerFloat = 4;
    public const int CopyBytesPerElement = 2 * BytesPerFloat;
    public const int SoftmaxBytesPerElement = 3 * BytesPerFloat;

    /// <summary>GB/s (10^9 bytes per second) for <paramref name="bytesPerElement"/> moved per element.</summary>
    public static double GigabytesPerSecond(Measurement m, int bytesPerElement) => bytesPerElement * m.Elements / m.NsPerCall;

    /// <summary>Bytes per element an implementation is credited with: the copy's own traffic, else the softmax's.</summary>
    public static int BytesPerElement(Series series) => series == Series.Copy ? CopyBytesPerElement : SoftmaxBytesPerElement;

    /// <summary>KernelGen's effective bandwidth as a fraction of the copy's at <paramref name="size"/>.</summary>
    public static double? FractionOfCopy(ResultSet results, Size size) =>
        results.Find(Ops.LongRow, Series.KernelGen, size) is { } ours && results.Find(Ops.LongRow, Series.Copy, size) is { } copy
            ? GigabytesPerSecond(ours, SoftmaxBytesPerElement) / GigabytesPerSecond(copy, CopyBytesPerElement)
            : null;
}
