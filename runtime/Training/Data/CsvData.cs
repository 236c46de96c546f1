using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using nietras.SeparatedValues;

namespace KernelGen.Data;

/// <summary>
/// Loads a tabular <see cref="Dataset"/> from a CSV file: one line per example, one column per feature, plus a
/// label column (classification) or target columns (regression). Every column that is not the label or a target
/// is a feature, in the file's order.
/// </summary>
/// <remarks>
/// <para>
/// Columns are named by the header line, or, when <see cref="CsvOptions.HasHeader"/> is false, by their 0-based
/// index as strings: <c>"0"</c>, <c>"1"</c>, <c>"2"</c>, ... Names are matched exactly (case-sensitive), after
/// the spaces around them are dropped.
/// </para>
/// <para>
/// Every value must be a finite number, read in the invariant culture (see <see cref="CsvOptions"/>); blank
/// lines are skipped. Anything else is a <see cref="CsvFormatException"/> naming the file, the line and the
/// column. The whole file is read into memory.
/// </para>
/// </remarks>
public static class CsvData
{
    // Column names listed in a message, at most; the rest are counted.
    private const int NamesShown = 20;

    /// <summary>Loads a classification set: <paramref name="labelColumn"/> holds the class labels, every other column is a feature.</summary>
    /// <param name="path">The CSV file, UTF-8 (with or without a byte order mark).</param>
    /// <param name="labelColumn">The name of the label column. Labels are non-negative whole numbers below 256
    /// (a decimal with nothing after the point, such as <c>3.0</c>, is taken as the whole number).</param>
    /// <param name="options">How to read the file; null for <see cref="CsvOptions.Default"/> (a header line, commas).</param>
    /// <param name="classes">The number of classes, 1 to 256; null for the largest label + 1. Give it when a file
    /// may lack the last class (a small test split), so train and test agree.</param>
    /// <returns>A set with <see cref="Dataset.Rows"/> = 1 and <see cref="Dataset.Columns"/> = the feature count.</returns>
    /// <exception cref="CsvFormatException">The file is not such a data set; the message names the line and column.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is not in 1 to 256.</exception>
    /// <exception cref="ArgumentException"><see cref="CsvOptions.Separator"/> cannot separate fields.</exception>
    public static Dataset LoadClassification(string path, string labelColumn, CsvOptions? options = null, int? classes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(labelColumn);
        if (classes is int given)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(given, 1, nameof(classes));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(given, 256, nameof(classes));
        }
        return Load(path, [labelColumn], options ?? CsvOptions.Default, classification: true, classes);
    }

    /// <summary>Loads a regression set: the <paramref name="targetColumns"/> are its targets, every other column is a feature.</summary>
    /// <param name="path">The CSV file, UTF-8 (with or without a byte order mark).</param>
    /// <param name="targetColumns">The names of the target columns, at least one; each example's targets are
    /// in this order, whatever the order in the file.</param>
    /// <param name="options">How to read the file; null for <see cref="CsvOptions.Default"/> (a header line, commas).</param>
    /// <returns>A set with <see cref="Dataset.Rows"/> = 1, <see cref="Dataset.Columns"/> = the feature count and
    /// <see cref="Dataset.TargetLength"/> = the number of target columns.</returns>
    /// <exception cref="CsvFormatException">The file is not such a data set; the message names the line and column.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> does not exist.</exception>
    /// <exception cref="ArgumentException"><paramref name="targetColumns"/> is empty or names a column twice, or
    /// <see cref="CsvOptions.Separator"/> cannot separate fields.</exception>
    public static Dataset LoadRegression(string path, IReadOnlyList<string> targetColumns, CsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(targetColumns);
        if (targetColumns.Count == 0)
            throw new ArgumentException("Name at least one target column.", nameof(targetColumns));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in targetColumns)
        {
            if (name is null)
                throw new ArgumentException("A target column name is null.", nameof(targetColumns));
            if (!seen.Add(name))
                throw new ArgumentException($"The target column '{name}' is named twice.", nameof(targetColumns));
        }
        return Load(path, targetColumns, options ?? CsvOptions.Default, classification: false, classes: null);
    }

    // The named columns are the label (classification, exactly one) or the targets, in the order given.
    private static Dataset Load(string path, IReadOnlyList<string> named, CsvOptions options, bool classification, int? classes)
    {
        Sep separator = SeparatorOf(options.Separator);
        // The StreamReader drops a byte order mark, which would otherwise become part of the first column's name.
        using var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using SepReader reader = separator.Reader(o => o with
        {
            // The header is read here, as a row: its names get the same trimming, and duplicates are an error
            // only when a named column is ambiguous.
            HasHeader = false,
            // The loader checks the count itself, to say which line and what to do.
            DisableColCountCheck = true,
            Unescape = true,
            Trim = SepTrim.Outer,
        }).From(text);

        var file = new FileFacts(path, options);
        Layout? layout = null;
        int rows = 0;
        int nextLine = 1;
        var features = new List<float>();
        var targets = new List<float>();
        var labels = new List<byte>();
        int maxLabel = 0;

        foreach (SepReader.Row row in reader)
        {
            // Sep misnumbers the first row of a reader without a header; it always starts on line 1.
            int line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
            nextLine = row.LineNumberToExcl;
            if (row.Span.IsWhiteSpace())
                continue;

            if (layout is null)
            {
                file.FirstRow = row.Span.ToString();
                layout = Layout.Of(row, line, named, file);
                if (options.HasHeader)
                    continue;
            }

            if (row.ColCount != layout.Names.Length)
                throw new CsvFormatException(path, line, null,
                    $"line {line} has {Fields(row.ColCount)}, {layout.Reference} has {layout.Names.Length}. Every row needs one value per column: " +
                    $"look for a missing or extra '{Show(options.Separator)}', or set CsvOptions.Separator if the file uses another separator.");

            foreach (int column in layout.Features)
                features.Add(ParseValue(row[column].Span, file, line, layout.Names[column]));
            if (classification)
            {
                byte label = ParseLabel(row[layout.Named[0]].Span, file, line, layout.Names[layout.Named[0]], classes);
                labels.Add(label);
                maxLabel = Math.Max(maxLabel, label);
            }
            else
            {
                foreach (int column in layout.Named)
                    targets.Add(ParseValue(row[column].Span, file, line, layout.Names[column]));
            }
            rows++;
        }

        if (layout is null)
            throw new CsvFormatException(path, 1, null, options.HasHeader
                ? "line 1: the file is empty. A CSV data set needs a header line naming the columns, then one line per example."
                : "line 1: the file is empty. A CSV data set needs one line per example.");
        if (rows == 0)
            throw new CsvFormatException(path, nextLine, null,
                $"line {nextLine}: there are no data rows after the header. Add one line per example below the header" +
                " (or set CsvOptions.HasHeader to false if the first line is data).");

        int featureCount = layout.Features.Length;
        return classification
            ? Dataset.OwnClassification(featureCount, features.ToArray(), labels.ToArray(), classes ?? maxLabel + 1)
            : Dataset.OwnRegression(featureCount, features.ToArray(), targets.ToArray(), layout.Named.Length);
    }

    /// <summary>The column names, where the named columns are, and which are features; from the first non-blank row.</summary>
    private sealed class Layout
    {
        private Layout(string[] names, int[] named, int[] features, string reference)
        {
            Names = names;
            Named = named;
            Features = features;
            Reference = reference;
        }

        /// <summary>Every column's name, in the file's order.</summary>
        public string[] Names { get; }

        /// <summary>The indices of the named columns (label or targets), in the order they were named.</summary>
        public int[] Named { get; }

        /// <summary>The indices of the feature columns, in the file's order.</summary>
        public int[] Features { get; }

        /// <summary>What fixed the column count, for messages: "the header" or "the first row".</summary>
        public string Reference { get; }

        public static Layout Of(SepReader.Row first, int line, IReadOnlyList<string> named, FileFacts file)
        {
            var names = new string[first.ColCount];
            for (int i = 0; i < names.Length; i++)
                names[i] = file.Options.HasHeader ? first[i].ToString() : i.ToString(CultureInfo.InvariantCulture);

            var indices = new int[named.Count];
            var isNamed = new bool[names.Length];
            for (int n = 0; n < named.Count; n++)
            {
                int[] matches = Enumerable.Range(0, names.Length).Where(i => names[i] == named[n]).ToArray();
                if (matches.Length == 0)
                    throw new CsvFormatException(file.Path, line, named[n], $"line {line}, column '{named[n]}': there is no such column. {Describe(names, file, unknownName: true)}");
                if (matches.Length > 1)
                    throw new CsvFormatException(file.Path, line, named[n],
                        $"line {line}, column '{named[n]}': {matches.Length} columns of the header have this name (fields {string.Join(", ", matches.Select(i => i + 1))}). " +
                        "Rename all but one, so the column is unambiguous.");
                indices[n] = matches[0];
                isNamed[matches[0]] = true;
            }

            int[] features = Enumerable.Range(0, names.Length).Where(i => !isNamed[i]).ToArray();
            if (features.Length == 0)
                throw new CsvFormatException(file.Path, line, null,
                    $"line {line}: no column is left for the features: every column is the label or a target. {Describe(names, file, unknownName: false)}");
            return new Layout(names, indices, features, file.Options.HasHeader ? "the header" : "the first row");
        }

        private static string Describe(string[] names, FileFacts file, bool unknownName)
        {
            var text = new StringBuilder();
            if (file.Options.HasHeader)
            {
                text.Append($"The header has {Columns(names.Length)}: ");
                text.Append(string.Join(", ", names.Take(NamesShown).Select(name => $"'{name}'")));
                if (names.Length > NamesShown)
                    text.Append($" and {names.Length - NamesShown} more");
                text.Append('.');
                if (unknownName)
                    text.Append(" If the first line is data rather than column names, set CsvOptions.HasHeader to false.");
            }
            else
            {
                text.Append($"Without a header, columns are named by their 0-based index as strings: this file's are '0' to '{names.Length - 1}'.");
                if (unknownName)
                    text.Append(" If the first line names the columns, set CsvOptions.HasHeader to true.");
            }
            if (names.Length == 1 && OtherSeparatorIn(file.FirstRow, file.Options.Separator) is char other)
                text.Append($" The first line has a single field; if '{Show(other)}' separates the fields, set CsvOptions.Separator to '{Show(other)}'.");
            return text.ToString();
        }
    }

    /// <summary>What the messages need to know about the file being read.</summary>
    private sealed class FileFacts(string path, CsvOptions options)
    {
        public string Path { get; } = path;

        public CsvOptions Options { get; } = options;

        /// <summary>The first non-blank row as written, for the separator hint.</summary>
        public string FirstRow { get; set; } = "";
    }

    private static float ParseValue(ReadOnlySpan<char> field, FileFacts file, int line, string column)
    {
        if (field.IsWhiteSpace())
            throw Missing(file, line, column);
        if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            throw new CsvFormatException(file.Path, line, column,
                $"line {line}, column '{column}': '{field}' is not a number. Write numbers with a '.' for the decimal point and no thousands separators, e.g. 1.5 or -2e-3.");
        if (!float.IsFinite(value))
            throw NotFinite(file, line, column, field, float.IsNaN(value));
        return value;
    }

    private static byte ParseLabel(ReadOnlySpan<char> field, FileFacts file, int line, string column, int? classes)
    {
        if (field.IsWhiteSpace())
            throw Missing(file, line, column);
        string at = $"line {line}, column '{column}'";
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new CsvFormatException(file.Path, line, column,
                $"{at}: label '{field}' is not a number. Class labels are whole numbers 0, 1, 2, ...");
        if (!double.IsFinite(value))
            throw NotFinite(file, line, column, field, double.IsNaN(value));
        if (value != Math.Floor(value))
            throw new CsvFormatException(file.Path, line, column,
                $"{at}: label '{field}' is not a whole number. Class labels are 0, 1, 2, ...; for real-valued outputs load the file with LoadRegression.");
        if (value < 0)
            throw new CsvFormatException(file.Path, line, column,
                $"{at}: label '{field}' is negative. Class labels are 0, 1, 2, ...");
        if (value > byte.MaxValue)
            throw new CsvFormatException(file.Path, line, column,
                $"{at}: label '{field}' is above 255. Labels are stored as bytes, so a data set has at most 256 classes.");
        if (classes is int limit && value >= limit)
            throw new CsvFormatException(file.Path, line, column,
                $"{at}: label '{field}' is not below the class count {limit}. Pass the right class count, or check that this is the label column.");
        return (byte)value;
    }

    private static CsvFormatException Missing(FileFacts file, int line, string column)
        => new(file.Path, line, column, $"line {line}, column '{column}': the value is missing (empty field). Fill it in, or remove the row.");

    private static CsvFormatException NotFinite(FileFacts file, int line, string column, ReadOnlySpan<char> field, bool isNaN)
        => new(file.Path, line, column, isNaN
            ? $"line {line}, column '{column}': '{field}' is NaN, not a number; a data set holds finite values only. Fill in a value, or remove the row."
            : $"line {line}, column '{column}': '{field}' is infinite or beyond the float range (about ±3.4e38); a data set holds finite values only. Fill in a finite value, or remove the row.");

    private static Sep SeparatorOf(char separator)
    {
        try
        {
            return Sep.New(separator);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"CsvOptions.Separator '{Show(separator)}' cannot separate fields: use a printable ASCII character other than a quote or '#', or a tab.",
                "options", e);
        }
    }

    private static char? OtherSeparatorIn(string row, char separator)
    {
        foreach (char candidate in ",;\t|")
            if (candidate != separator && row.Contains(candidate))
                return candidate;
        return null;
    }

    private static string Show(char c) => c == '\t' ? "\\t" : c.ToString();

    private static string Fields(int count) => count == 1 ? "1 field" : $"{count} fields";

    private static string Columns(int count) => count == 1 ? "1 column" : $"{count} columns";
}
