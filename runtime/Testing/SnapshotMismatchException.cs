using System;

namespace KernelGen.Testing;

/// <summary>
/// A snapshot check failed: the text differs from the verified file, there is no verified file yet, or a verified file
/// is no longer produced. A plain exception, so every test framework reports it as a failure with its message.
/// </summary>
public sealed class SnapshotMismatchException : Exception
{
    /// <summary>A failure with the message to show.</summary>
    public SnapshotMismatchException(string message) : base(message)
    {
    }
}
