using System.Collections.Generic;

namespace KernelGen.Generator.Emit;

/// <summary>
/// The row operators of one generated kernel class (a nested struct per distinct pass), written after its methods.
/// Two passes with the same operator text (the max of x in the forward and the forward+backward schedules) share it.
/// </summary>
internal sealed class RowOperators
{
    /// <summary>Stands for the operator's name in its text until the name is chosen.</summary>
    public const string NamePlaceholder = "\u0001";

    private readonly NameScope _names;
    private readonly Dictionary<string, string> _byText = new();
    private readonly List<(string Name, string Text)> _written = new();

    public RowOperators(IEnumerable<string> classMembers) => _names = new NameScope(classMembers);

    /// <summary>The name of the operator with <paramref name="text"/> (written with <see cref="NamePlaceholder"/>), declaring it if new.</summary>
    public string Declare(string stem, string text)
    {
        if (_byText.TryGetValue(text, out var name)) return name;
        name = _names.Fresh(stem);
        _byText[text] = name;
        _written.Add((name, text.Replace(NamePlaceholder, name)));
        return name;
    }

    public void WriteTo(CodeWriter writer)
    {
        foreach (var (_, text) in _written)
        {
            writer.Line();
            writer.Block(text);
        }
    }
}
