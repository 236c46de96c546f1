using System;
using System.IO;

namespace KernelGen.Tests.Infrastructure;

/// <summary>A fresh directory per test, removed afterwards, so file tests can list exactly what they left.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kernelgen-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Names of every file in the directory, hidden temporary files included.</summary>
    public string[] FileNames()
    {
        string[] names = Directory.GetFiles(Path, "*", SearchOption.AllDirectories);
        for (int i = 0; i < names.Length; i++)
            names[i] = System.IO.Path.GetRelativePath(Path, names[i]);
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
