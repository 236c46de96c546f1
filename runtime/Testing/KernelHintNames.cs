using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace KernelGen.Testing;

/// <summary>
/// Finds a kernel's generated file from the name a user writes, <c>"Type.Method"</c>. The generator names the file
/// <c>Namespace.Type.Method.g.cs</c>, with nested types joined by '+' and generic types by their metadata name
/// (<c>Outer+Inner</c>, <c>Generic`1</c>), which a user would not type: both sides are compared with '+' read as '.'
/// and the arity dropped.
/// </summary>
internal static class KernelHintNames
{
    private const string Suffix = ".g.cs";
    private static readonly Regex s_arity = new(@"`\d+", RegexOptions.CultureInvariant);

    /// <summary>The hint names that <paramref name="kernel"/> names: an exact (normalised) match if there is one, else every hint it ends.</summary>
    public static IReadOnlyList<string> Matches(string kernel, IEnumerable<string> hintNames)
    {
        string wanted = Normalise(kernel.EndsWith(Suffix, StringComparison.Ordinal) ? kernel[..^Suffix.Length] : kernel);
        var kernels = hintNames.Where(h => h.EndsWith(Suffix, StringComparison.Ordinal))
            .Select(h => (Hint: h, Name: Normalise(h[..^Suffix.Length])))
            .ToList();
        var exact = kernels.Where(k => k.Name == wanted).Select(k => k.Hint).ToList();
        if (exact.Count > 0) return exact;
        return kernels.Where(k => k.Name.EndsWith("." + wanted, StringComparison.Ordinal)).Select(k => k.Hint).ToList();
    }

    private static string Normalise(string name) => s_arity.Replace(name, "").Replace('+', '.');
}
