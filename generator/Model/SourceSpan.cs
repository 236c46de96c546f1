using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.Generator.Model;

/// <summary>
/// A position in a source file, kept as plain numbers so models stay equatable (a <see cref="Location"/>
/// would pin the whole syntax tree and defeat caching).
/// </summary>
internal readonly record struct SourceSpan(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static readonly SourceSpan None = new(0, 0, 0, 0, 0, 0);

    public static SourceSpan From(Location location)
    {
        var line = location.GetLineSpan();
        return new SourceSpan(location.SourceSpan.Start, location.SourceSpan.Length,
            line.StartLinePosition.Line, line.StartLinePosition.Character,
            line.EndLinePosition.Line, line.EndLinePosition.Character);
    }

    public Location ToLocation(string filePath) => string.IsNullOrEmpty(filePath)
        ? Location.None
        : Location.Create(filePath, new TextSpan(Start, Length),
            new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}
