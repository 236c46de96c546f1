using System;

namespace KernelGen.Data;

/// <summary>
/// A data file is not what it must be: a malformed or damaged IDX file, or a pair of IDX files that do not
/// belong together. The message starts with the file's path, then says what is wrong and how to fix it, so a
/// command-line tool can print it as it is.
/// </summary>
/// <remarks>
/// A type of its own (<see cref="System.IO.InvalidDataException"/> is sealed) so callers can tell bad data,
/// which a new download fixes, apart from I/O failures such as a missing file or a full disk.
/// </remarks>
public sealed class IdxFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/>; the message is "path: problem".</summary>
    /// <param name="filePath">The file at fault, as the caller named it.</param>
    /// <param name="problem">What is wrong and what to do about it, as whole sentences.</param>
    public IdxFormatException(string filePath, string problem)
        : base($"{filePath}: {problem}")
    {
        FilePath = filePath;
    }

    /// <summary>Creates the exception for <paramref name="filePath"/>, keeping the lower-level cause.</summary>
    /// <param name="filePath">The file at fault, as the caller named it.</param>
    /// <param name="problem">What is wrong and what to do about it, as whole sentences.</param>
    /// <param name="innerException">The error that revealed the problem, e.g. the decompressor's.</param>
    public IdxFormatException(string filePath, string problem, Exception innerException)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file at fault, as the caller named it.</summary>
    public string FilePath { get; }
}
