using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace KernelGen.Testing;

/// <summary>
/// Generator diagnostics as the text of a <c>.verified.txt</c> snapshot: one line each,
/// <c>KG0011 Error Source0.cs(4,50): message</c>, in source order. Only the file's name is written, so the
/// snapshot does not depend on where the repository is checked out.
/// </summary>
internal static class DiagnosticListing
{
    public static string Create(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        var ordered = diagnostics
            .Select(d => (Diagnostic: d, Span: d.Location.GetLineSpan()))
            .OrderBy(d => Path.GetFileName(d.Span.Path), System.StringComparer.Ordinal)
            .ThenBy(d => d.Span.StartLinePosition)
            .ThenBy(d => d.Diagnostic.Id, System.StringComparer.Ordinal);
        foreach (var (diagnostic, span) in ordered)
        {
            text.Append(diagnostic.Id).Append(' ').Append(diagnostic.Severity).Append(' ');
            if (span.IsValid)
                text.Append(Path.GetFileName(span.Path)).Append('(')
                    .Append((span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append((span.StartLinePosition.Character + 1).ToString(CultureInfo.InvariantCulture)).Append(')');
            else
                text.Append("(no location)");
            // A message is one line here, so a listing line is one diagnostic.
            text.Append(": ").Append(diagnostic.GetMessage(CultureInfo.InvariantCulture).Replace("\r\n", " ").Replace('\n', ' ')).Append('\n');
        }
        return text.ToString();
    }
}
