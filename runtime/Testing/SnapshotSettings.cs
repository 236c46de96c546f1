namespace KernelGen.Testing;

/// <summary>
/// Where a snapshot lives, when the defaults do not fit. By default a test's snapshots are
/// <c>{TestClass}.{TestMethod}.verified.*</c> next to its source file, as with Verify.
/// </summary>
public sealed class SnapshotSettings
{
    /// <summary>
    /// The folder of the snapshot files, relative to the directory of the test's source file (or absolute), like
    /// Verify's <c>UseDirectory</c>. By default that directory itself.
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>
    /// The snapshot's name in place of <c>{TestClass}.{TestMethod}</c>, like Verify's <c>UseFileName</c>; needed when
    /// one test method verifies several things, such as each case of a theory.
    /// </summary>
    public string? FileName { get; init; }
}
