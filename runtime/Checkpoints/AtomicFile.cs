using System;
using System.IO;
using System.Security.Cryptography;

namespace KernelGen.Checkpoints;

/// <summary>
/// Replaces a file so that a reader (or a crash) sees either the old content or the new content, never a
/// half-written file: the bytes go to a temporary file in the same directory, are flushed to disk, and the
/// temporary file is then renamed over the target.
/// </summary>
/// <remarks>
/// The temporary file must be in the target's directory because a rename is only atomic within one file
/// system. Its name starts with a dot and ends in <see cref="TempSuffix"/> so that a leftover from a killed
/// process is easy to recognize and never mistaken for a real checkpoint or plot.
/// </remarks>
internal static class AtomicFile
{
    /// <summary>Suffix of the temporary files this class creates (and removes again on failure).</summary>
    internal const string TempSuffix = ".tmp";

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    internal static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' has no directory part.", nameof(path));
        Directory.CreateDirectory(directory);

        // Random rather than a fixed name so that two writers of the same target never share a temp file.
        string tempPath = Path.Combine(
            directory,
            "." + Path.GetFileName(fullPath) + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)) + TempSuffix);
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                // Without this the rename can reach the disk before the data, and a power loss would leave
                // a complete-looking but empty or partial file under the real name.
                stream.Flush(flushToDisk: true);
            }

            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original exception is the one worth reporting; a stray temp file is named to be recognizable.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
