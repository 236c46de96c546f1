using System.Collections.Generic;

namespace KernelGen.Generator.Emit;

/// <summary>
/// Fresh names within one C# scope that shares nothing with the kernel's methods (a row operator's members and
/// locals): a name that is taken gets the letter suffixes of <see cref="EmitContext.Suffix"/>.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken;

    public NameScope(IEnumerable<string> reserved) => _taken = new HashSet<string>(reserved);

    public string Fresh(string stem)
    {
        string name = stem;
        for (int k = 1; !_taken.Add(name); k++) name = stem + EmitContext.Suffix(k);
        return name;
    }
}
