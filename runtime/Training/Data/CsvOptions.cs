namespace KernelGen.Data;

/// <summary>How <see cref="CsvData"/> reads a CSV file: whether the first line names the columns, and the separator.</summary>
/// <remarks>
/// Fields may be quoted (<c>"a, b"</c>, with <c>""</c> for a quote inside); spaces around a field are ignored, and
/// blank lines are skipped. Numbers are read in the invariant culture: a <c>.</c> for the decimal point, no
/// thousands separators, an optional exponent (<c>1.5</c>, <c>-2e-3</c>).
/// </remarks>
public sealed record CsvOptions
{
    /// <summary>The options every loader uses when given none: a header line and commas.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>
    /// True (the default) when the first non-blank line holds the column names. When false every line is data, and
    /// the columns are named by their 0-based index as strings: <c>"0"</c>, <c>"1"</c>, <c>"2"</c>, ...
    /// </summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// The character between fields: <c>','</c> by default, <c>';'</c> or <c>'\t'</c> for other dialects. It must be
    /// a printable ASCII character or a tab, and not a quote or <c>#</c>.
    /// </summary>
    public char Separator { get; init; } = ',';
}
