using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace KernelGen.Testing;

/// <summary>
/// One comparison of a text with its verified file, the Verify way: a match deletes a stale received file; a
/// mismatch or a missing verified file writes the received file and describes the failure.
/// </summary>
internal static class SnapshotCheck
{
    /// <summary>Compares and returns what failed, or null on a match.</summary>
    public static string? Compare(string text, string verifiedPath, string receivedPath)
    {
        text = SnapshotText.Normalise(text);
        if (File.Exists(verifiedPath))
        {
            string verified = SnapshotText.Read(verifiedPath);
            if (verified == text)
            {
                DeleteIfExists(receivedPath);
                return null;
            }
            SnapshotText.Write(receivedPath, text);
            return $"""
                Snapshot changed: {verifiedPath}
                The received text is in {receivedPath}.
                If the change is intended, review the diff, then accept it by moving the received file over the verified one.
                {UnifiedDiff.Create(verified, text, Path.GetFileName(verifiedPath), Path.GetFileName(receivedPath))}
                """;
        }
        SnapshotText.Write(receivedPath, text);
        return $"""
            New snapshot: there is no {verifiedPath} yet.
            The received text is in {receivedPath}.
            Review it, then accept it by moving (renaming) it to {Path.GetFileName(verifiedPath)}.

            """;
    }

    /// <summary>A verified file that nothing produced any more.</summary>
    public static string Orphan(string verifiedPath, string what) => $"""
        Snapshot no longer produced: {verifiedPath}
        {what}
        If that is intended, delete the verified file.

        """;

    /// <summary>Throws if anything failed, with every failure in the message (so one run shows all the changes).</summary>
    public static void ThrowIfAny(IReadOnlyList<string> failures, int checkedCount)
    {
        if (failures.Count == 0) return;
        string message = failures.Count == 1
            ? failures[0]
            : $"{failures.Count} of {checkedCount} snapshot files failed.\n\n" + string.Join("\n", failures);
        throw new SnapshotMismatchException(message.TrimEnd('\n'));
    }

    public static void DeleteIfExists(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }

    public static List<string> Collect(params string?[] failures) => failures.Where(f => f is not null).Select(f => f!).ToList();
}
