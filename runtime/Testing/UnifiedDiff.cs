using System;
using System.Collections.Generic;
using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace KernelGen.Testing;

/// <summary>
/// A unified diff (as <c>diff -u</c> and git print it) of two texts, line by line: <c>---</c>/<c>+++</c> headers, then
/// hunks <c>@@ -a,b +c,d @@</c> with three lines of context, so a failing test's message reads like a code review.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Create(string oldText, string newText, string oldName, string newName)
    {
        string[] a = Lines(oldText);
        string[] b = Lines(newText);
        var blocks = new Differ().CreateCustomDiffs(oldText, newText, ignoreWhiteSpace: false, Lines).DiffBlocks;
        var diff = new StringBuilder().Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        if (blocks.Count == 0)
        {
            // Equal lines, different texts: only the final line break differs (Lines drops it, to keep hunks readable).
            diff.Append(oldText.EndsWith('\n') ? "(the verified text ends with a line break, the received text does not)\n" : "(the received text ends with a line break, the verified text does not)\n");
            return diff.ToString();
        }

        // Blocks whose contexts touch or overlap make one hunk, as in diff -u.
        int first = 0;
        while (first < blocks.Count)
        {
            int last = first;
            while (last + 1 < blocks.Count && blocks[last + 1].DeleteStartA - (blocks[last].DeleteStartA + blocks[last].DeleteCountA) <= 2 * Context) last++;
            AppendHunk(diff, a, b, blocks, first, last);
            first = last + 1;
        }
        return diff.ToString();
    }

    private static void AppendHunk(StringBuilder diff, string[] a, string[] b, IList<DiffBlock> blocks, int first, int last)
    {
        // Unchanged lines keep their offset between the texts, so the context before the first block starts at the same distance in both.
        int startA = Math.Max(0, blocks[first].DeleteStartA - Context);
        int startB = blocks[first].InsertStartB - (blocks[first].DeleteStartA - startA);
        int endA = Math.Min(a.Length, blocks[last].DeleteStartA + blocks[last].DeleteCountA + Context);
        int endB = blocks[last].InsertStartB + blocks[last].InsertCountB + (endA - (blocks[last].DeleteStartA + blocks[last].DeleteCountA));
        diff.Append("@@ -").Append(Range(startA, endA - startA)).Append(" +").Append(Range(startB, endB - startB)).Append(" @@\n");

        int i = startA;
        for (int k = first; k <= last; k++)
        {
            var block = blocks[k];
            for (; i < block.DeleteStartA; i++) diff.Append(' ').Append(a[i]).Append('\n');
            for (int d = 0; d < block.DeleteCountA; d++) diff.Append('-').Append(a[block.DeleteStartA + d]).Append('\n');
            for (int n = 0; n < block.InsertCountB; n++) diff.Append('+').Append(b[block.InsertStartB + n]).Append('\n');
            i = block.DeleteStartA + block.DeleteCountA;
        }
        for (; i < endA; i++) diff.Append(' ').Append(a[i]).Append('\n');
    }

    /// <summary>A range as diff -u writes it: 1-based start and count; an empty range starts at the line before it.</summary>
    private static string Range(int start, int count) => count == 0 ? $"{start},0" : $"{start + 1},{count}";

    /// <summary>The text's lines; a final line break ends the last line rather than starting an empty one.</summary>
    private static string[] Lines(string text)
    {
        if (text.Length == 0) return Array.Empty<string>();
        if (text.EndsWith('\n')) text = text[..^1];
        return text.Split('\n');
    }
}
