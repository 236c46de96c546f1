using System.Collections.Generic;

namespace KernelGen.Generator.Emit;

/// <summary>
/// The row operators of one generated kernel class (a nested struct per distinct pass), written after its methods.
/// Passes with the same operator code share it: the max of x in the forward and the forward+backward schedules, or a
/// sum of exps that keeps them in result in one schedule and in dx in another (the stream numbers are the same; only
/// the spans passed differ). Each distinct description of a shared operator is kept, the first as its summary.
/// </summary>
internal sealed class RowOperators
{
    /// <summary>Stands for the operator's name in its text until the name is chosen.</summary>
    public const string NamePlaceholder = "\u0001";

    private readonly NameScope _names;
    private readonly Dictionary<string, Declared> _byCode = new();
    private readonly List<Declared> _written = new();

    public RowOperators(IEnumerable<string> classMembers) => _names = new NameScope(classMembers);

    /// <summary>
    /// The name of the operator with <paramref name="code"/> (written with <see cref="NamePlaceholder"/>), declaring it
    /// if new; <paramref name="summary"/> is the XML doc line that says what this use of it does.
    /// </summary>
    public string Declare(string stem, string summary, string code)
    {
        if (_byCode.TryGetValue(code, out var declared))
        {
            if (!declared.Summaries.Contains(summary)) declared.Summaries.Add(summary);
            return declared.Name;
        }
        declared = new Declared(_names.Fresh(stem), code, new List<string> { summary });
        _byCode[code] = declared;
        _written.Add(declared);
        return declared.Name;
    }

    public void WriteTo(CodeWriter writer)
    {
        foreach (var declared in _written)
        {
            writer.Line();
            writer.Line($"/// <summary>{declared.Summaries[0]}</summary>");
            if (declared.Summaries.Count > 1)
            {
                writer.Line("/// <remarks>");
                for (int k = 1; k < declared.Summaries.Count; k++) writer.Line($"/// <para>Also, in another schedule: {Lowercase(declared.Summaries[k])}</para>");
                writer.Line("/// </remarks>");
            }
            writer.Block(declared.Code.Replace(NamePlaceholder, declared.Name));
        }
    }

    // The descriptions start with a capital ("Sum of ...", "Writes ..."); none starts with a name, which keeps its case.
    private static string Lowercase(string sentence) => sentence.Length == 0 ? sentence : char.ToLowerInvariant(sentence[0]) + sentence.Substring(1);

    private sealed record Declared(string Name, string Code, List<string> Summaries);
}
