using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace KernelGen.BenchReport;

/// <summary>A GitHub-flavoured markdown table; numeric columns are right-aligned.</summary>
internal sealed class MarkdownTable
{
    private readonly string[] _headers;
    private readonly bool[] _numeric;
    private readonly List<string[]> _rows = [];

    /// <param name="headers">Column titles; a title starting with '>' marks a right-aligned column (the '>' is dropped).</param>
    public MarkdownTable(params string[] headers)
    {
        _headers = headers.Select(h => h.TrimStart('>')).ToArray();
        _numeric = headers.Select(h => h.StartsWith('>')).ToArray();
    }

    public int RowCount => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(StringBuilder text)
    {
        text.Append("| ").AppendJoin(" | ", _headers.Select(Escape)).AppendLine(" |");
        text.Append('|').AppendJoin('|', _numeric.Select(n => n ? " ---: " : " --- ")).AppendLine("|");
        foreach (var row in _rows)
        {
            var cells = Enumerable.Range(0, _headers.Length).Select(i => i < row.Length ? Escape(row[i]) : "");
            text.Append("| ").AppendJoin(" | ", cells).AppendLine(" |");
        }
        text.AppendLine();
    }

    /// <summary>Cell text from input files may hold a pipe or a line break, which would split the table, or a
    /// '&lt;', which markdown renderers may take for the start of an HTML tag.</summary>
    public static string Escape(string cell) =>
        cell.Replace("<", "&lt;").Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
