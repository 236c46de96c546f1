using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace KernelGen.Testing;

/// <summary>
/// The names of a test's snapshot files, with Verify's conventions: <c>{Directory}/{Name}.verified.{ext}</c> and
/// <c>.received.{ext}</c>, where Name is <c>{TestClass}.{TestMethod}</c>, and a generated file of a multi-file
/// snapshot is <c>{Name}#{HintName without .cs}.verified.cs</c>, as Verify.SourceGenerators names it.
/// </summary>
internal sealed class SnapshotFiles
{
    private SnapshotFiles(string directory, string name)
    {
        Directory = directory;
        Name = name;
    }

    public string Directory { get; }

    public string Name { get; }

    public static SnapshotFiles For(SnapshotSettings? settings, string sourceFile, string testMethod)
    {
        if (string.IsNullOrEmpty(sourceFile))
            throw new ArgumentException("The test's source file path is empty: call KernelSnapshot from the test method itself, so the compiler fills in [CallerFilePath].", nameof(sourceFile));
        string testDirectory = Path.GetDirectoryName(sourceFile) ?? "";
        string directory = Path.GetFullPath(Path.Combine(testDirectory, settings?.Directory ?? ""));
        // A deterministic CI build can map source paths (PathMap, ContinuousIntegrationBuild) to ones that do not
        // exist here; snapshots written there would be lost, so say so instead.
        if (settings?.Directory is null || !Path.IsPathRooted(settings.Directory))
            if (!System.IO.Directory.Exists(testDirectory))
                throw new InvalidOperationException(
                    $"The test's source directory '{testDirectory}' does not exist on this machine, so its snapshots cannot be found. "
                    + "The build probably maps source paths (PathMap or ContinuousIntegrationBuild); turn that off for the test project, or set SnapshotSettings.Directory to an absolute path.");

        string name = settings?.FileName ?? $"{Path.GetFileNameWithoutExtension(sourceFile)}.{testMethod}";
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/') || name.Contains('\\'))
            throw new ArgumentException($"'{name}' is not a file name: SnapshotSettings.FileName must be a name without a directory (set SnapshotSettings.Directory for that).", nameof(settings));
        return new SnapshotFiles(directory, name);
    }

    public string Verified(string extension) => Path.Combine(Directory, $"{Name}.verified.{extension}");

    public string Received(string extension) => Path.Combine(Directory, $"{Name}.received.{extension}");

    public string VerifiedOf(string hintName) => Path.Combine(Directory, $"{Name}#{WithoutCs(hintName)}.verified.cs");

    public string ReceivedOf(string hintName) => Path.Combine(Directory, $"{Name}#{WithoutCs(hintName)}.received.cs");

    /// <summary>The <c>{Name}#*.{kind}.cs</c> files there are, by the hint part of their name (without .cs).</summary>
    public IReadOnlyDictionary<string, string> Existing(string kind)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!System.IO.Directory.Exists(Directory)) return found;
        string prefix = Name + "#";
        string suffix = $".{kind}.cs";
        foreach (string path in System.IO.Directory.EnumerateFiles(Directory))
        {
            string file = Path.GetFileName(path);
            if (file.StartsWith(prefix, StringComparison.Ordinal) && file.EndsWith(suffix, StringComparison.Ordinal) && file.Length > prefix.Length + suffix.Length)
                found[file[prefix.Length..^suffix.Length]] = path;
        }
        return found;
    }

    private static string WithoutCs(string hintName) => hintName.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? hintName[..^3] : hintName;
}
