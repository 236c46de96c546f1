using System;
using System.IO;

namespace KernelGen.Samples;

/// <summary>
/// Checks, before a run starts, that the places it will write to can be written: a bad path fails in a second, not
/// after the training it would have lost.
/// </summary>
internal static class OutputPaths
{
    /// <summary>Creates <paramref name="directory"/> if needed and proves a file can be made in it.</summary>
    /// <exception cref="IOException">It cannot be written; the message names the option and the path.</exception>
    public static void CheckDirectory(string directory, string option)
    {
        try
        {
            Directory.CreateDirectory(directory);
            string probe = Path.Combine(directory, $".kernelgen-write-test-{Environment.ProcessId}");
            using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} {directory}: cannot write there ({ex.Message.TrimEnd('.')}). Choose a directory you can write to; nothing was trained.", ex);
        }
    }

    /// <summary>Proves <paramref name="file"/> can be written, without touching it if it exists.</summary>
    /// <exception cref="IOException">It cannot be written; the message names the option and the path.</exception>
    public static void CheckFile(string file, string option)
    {
        if (Directory.Exists(file))
            throw new IOException($"{option} {file}: this is a directory; give the path of a file. Nothing was trained.");
        // The file is replaced by a rename, which needs the directory writable, not the old file.
        CheckDirectory(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", option);
    }
}
