using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace KernelGen.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions with Verify's file convention: the reviewed copy is <c>Name.verified.cs</c> next to the
/// test; on a mismatch the actual text is written to <c>Name.received.cs</c> and the test fails with a unified
/// diff. To accept a change, review the diff, then move the received file over the verified one.
/// </summary>
public static class Snapshot
{
    public static void Verify(string name, string actual, string extension = "cs", [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        string verifiedPath = Path.Combine(directory, $"{name}.verified.{extension}");
        string receivedPath = Path.Combine(directory, $"{name}.received.{extension}");
        actual = Normalize(actual);

        if (File.Exists(verifiedPath))
        {
            string verified = Normalize(File.ReadAllText(verifiedPath));
            if (verified == actual)
            {
                if (File.Exists(receivedPath)) File.Delete(receivedPath);
                return;
            }
            Directory.CreateDirectory(directory);
            File.WriteAllText(receivedPath, actual);
            throw new SnapshotMismatchException($"Snapshot '{name}' differs from {verifiedPath}.\nReceived text written to {receivedPath}.\n{UnifiedDiff(verified, actual)}");
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        throw new SnapshotMismatchException($"No verified snapshot '{name}' yet. Review {receivedPath} and rename it to {Path.GetFileName(verifiedPath)} to accept it.");
    }

    /// <summary>A unified-style diff (changed lines with 2 lines of context) of two texts.</summary>
    public static string UnifiedDiff(string expected, string actual)
    {
        var diff = new InlineDiffBuilder(new Differ()).BuildDiffModel(expected, actual);
        var lines = diff.Lines;
        var text = new StringBuilder("--- verified\n+++ received\n");
        int lastPrinted = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type == ChangeType.Unchanged) continue;
            int from = Math.Max(lastPrinted + 1, i - 2);
            if (from > lastPrinted + 1) text.Append($"@@ line {from + 1} @@\n");
            for (int k = from; k < i; k++) text.Append(' ').Append(lines[k].Text).Append('\n');
            text.Append(lines[i].Type == ChangeType.Inserted ? '+' : '-').Append(lines[i].Text).Append('\n');
            int end = i;
            while (end + 1 < lines.Count && lines[end + 1].Type != ChangeType.Unchanged) end++;
            for (int k = i + 1; k <= end; k++) text.Append(lines[k].Type == ChangeType.Inserted ? '+' : '-').Append(lines[k].Text).Append('\n');
            int context = Math.Min(lines.Count - 1, end + 2);
            for (int k = end + 1; k <= context; k++) text.Append(' ').Append(lines[k].Text).Append('\n');
            lastPrinted = context;
            i = context;
        }
        return text.ToString();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');
}

public sealed class SnapshotMismatchException : Exception
{
    public SnapshotMismatchException(string message) : base(message) { }
}
