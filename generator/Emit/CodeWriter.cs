using System.Text;

namespace KernelGen.Generator.Emit;

/// <summary>An indented text writer: the emitter writes code the way a person would, line by line.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;
    private bool _atBlockStart = true;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        _atBlockStart = line == "{" || line.Length == 0;
        return this;
    }

    public CodeWriter Open(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>A loop or condition whose body is one statement, without braces: <paramref name="header"/>, then the statement indented.</summary>
    public CodeWriter Nested(string header, string statement)
    {
        Line(header);
        _indent++;
        Line(statement);
        _indent--;
        return this;
    }

    /// <summary>A blank line between two parts of a block, none right after its opening brace.</summary>
    public CodeWriter Gap() => _atBlockStart ? this : Line();

    public CodeWriter Comment(string sentence) => Line("// " + sentence);

    /// <summary>Writes text another writer produced, line by line, at this writer's indentation.</summary>
    public CodeWriter Block(string text)
    {
        foreach (var line in text.TrimEnd('\n').Split('\n')) Line(line);
        return this;
    }

    public override string ToString() => _text.ToString();
}
