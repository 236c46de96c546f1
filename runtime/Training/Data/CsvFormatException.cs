using System;

namespace KernelGen.Data;

/// <summary>
/// A CSV file is not a data set as asked for: a value that is not a finite number, an empty field, a row with the
/// wrong number of fields, a bad class label, a named column that is not there, or no data at all. The message
/// starts with the file's path, then names the 1-based line and (where one is at fault) the column, says what is
/// wrong and what to do, so a command-line tool can print it as it is.
/// </summary>
/// <remarks>
/// A <see cref="FormatException"/>, as the text is malformed; a type of its own so callers can tell bad data,
/// which editing the file fixes, apart from I/O failures such as a missing file.
/// </remarks>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception; the message is "path: problem".</summary>
    /// <param name="path">The file at fault, as the caller named it.</param>
    /// <param name="line">The 1-based line in the file where the problem is (or would be, for missing rows).</param>
    /// <param name="column">The name of the column at fault; null when the problem is not in one column.</param>
    /// <param name="problem">Whole sentences that start with the line (and column), then say what is wrong and what to do.</param>
    public CsvFormatException(string path, int line, string? column, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
        Line = line;
        Column = column;
    }

    /// <summary>The file at fault, as the caller named it.</summary>
    public string Path { get; }

    /// <summary>The 1-based line in the file where the problem is; for a file without data rows, the line after its last.</summary>
    public int Line { get; }

    /// <summary>
    /// The name of the column at fault (its header name, or its 0-based index as a string in a file without a
    /// header); null when the problem is not in one column, e.g. a row with the wrong number of fields.
    /// </summary>
    public string? Column { get; }
}
