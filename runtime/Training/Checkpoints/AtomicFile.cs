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
/// process is easy to recognize and never mistaken for a real checkpoint or plot. The writer holds its temporary
/// file locked until the rename; the next write of the same target deletes every leftover that nobody holds, so a
/// process killed mid-save leaves nothing behind for long.
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
        DeleteLeftovers(directory, Path.GetFileName(fullPath));

        // Random rather than a fixed name so that two writers of the same target never share a temp file.
        string tempPath = Path.Combine(
            directory,
            "." + Path.GetFileName(fullPath) + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(TempNameHexDigits / 2)) + TempSuffix);
        try
        {
            // Locked (no read or write sharing) until renamed, so a concurrent writer's cleanup passes it by; delete
            // sharing lets the rename happen while it is still open.
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.Delete))
            {
                stream.Write(content);
                // Without this the rename can reach the disk before the data, and a power loss would leave
                // a complete-looking but empty or partial file under the real name.
                stream.Flush(flushToDisk: true);
                File.Move(tempPath, fullPath, overwrite: true);
            }
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary files of earlier writes of <paramref name="fileName"/> that no process holds open: what a
    /// write killed before its rename left. A file another writer still holds is locked and left alone.
    /// </summary>
    private static void DeleteLeftovers(string directory, string fileName)
    {
        string[] leftovers;
        try
        {
            leftovers = Directory.GetFiles(directory, "." + fileName + "." + new string('?', TempNameHexDigits) + TempSuffix);
        }
        catch (IOException)
        {
            return; // cleaning up is a courtesy; the write itself reports a real problem with the directory
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }
        string prefix = "." + fileName + ".";
        foreach (string leftover in leftovers)
        {
            // The pattern's '?' also matches nothing: only the exact shape of our temporary names is ours to delete.
            string name = Path.GetFileName(leftover);
            if (name.Length != prefix.Length + TempNameHexDigits + TempSuffix.Length || !IsHex(name.AsSpan(prefix.Length, TempNameHexDigits))) continue;
            try
            {
                using var _ = new FileStream(leftover, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                // Held by a writer that is still running, or gone already.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    /// <summary>Hex digits of the random part of a temporary file's name.</summary>
    private const int TempNameHexDigits = 12;

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
