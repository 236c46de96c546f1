using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace KernelGen.Testing;

/// <summary>
/// What one run of the KernelGen generator produced: its files and diagnostics, and the compilation with the files
/// added, as the compiler would go on to build it. Made by <see cref="KernelGeneratorRunner"/>.
/// </summary>
public sealed class KernelGeneratorRun
{
    private IReadOnlyList<Diagnostic>? _outputDiagnostics;

    internal KernelGeneratorRun(Compilation input, Compilation output, ImmutableArray<Diagnostic> generatorDiagnostics, IEnumerable<GeneratedFile> files)
    {
        Input = input;
        Output = output;
        GeneratorDiagnostics = generatorDiagnostics;
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files) sorted.Add(file.HintName, file.Text);
        GeneratedFiles = sorted;
    }

    /// <summary>The compilation the generator ran on.</summary>
    public Compilation Input { get; }

    /// <summary><see cref="Input"/> with the generated files added.</summary>
    public Compilation Output { get; }

    /// <summary>The diagnostics the generator reported (the KG errors and warnings a build would show).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>The generated files, hint name to text, enumerated in ordinal order of the hint name.</summary>
    public IReadOnlyDictionary<string, string> GeneratedFiles { get; }

    /// <summary>
    /// The errors and warnings of compiling <see cref="Output"/>: the hand-written sources' and the generated code's
    /// (hidden and info diagnostics are left out). Computed on first use, since it binds the whole compilation.
    /// </summary>
    public IReadOnlyList<Diagnostic> OutputDiagnostics
        => _outputDiagnostics ??= Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>The generated file with this hint name, for example <c>"MyApp.Losses.Softmax.g.cs"</c>.</summary>
    /// <exception cref="KeyNotFoundException">No file has that name; the message lists the files there are.</exception>
    public GeneratedFile File(string hintName)
    {
        ArgumentNullException.ThrowIfNull(hintName);
        if (GeneratedFiles.TryGetValue(hintName, out string? text)) return new GeneratedFile(hintName, text);
        throw new KeyNotFoundException($"The generator produced no file named '{hintName}'. {Listing()}");
    }

    /// <summary>
    /// The generated file of one kernel, named as <c>"Type.Method"</c> (for example <c>"Losses.Softmax"</c> finds
    /// <c>MyApp.Losses.Softmax.g.cs</c>); prefix the namespace or the containing types when the name is ambiguous.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No kernel has that name (the generator may have rejected it: see <see cref="GeneratorDiagnostics"/>); the message lists the files there are.</exception>
    /// <exception cref="ArgumentException">Several kernels end in that name; the message lists them.</exception>
    public GeneratedFile Kernel(string typeAndMethod)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeAndMethod);
        var matches = KernelHintNames.Matches(typeAndMethod, GeneratedFiles.Keys);
        if (matches.Count == 1) return File(matches[0]);
        if (matches.Count > 1)
            throw new ArgumentException($"'{typeAndMethod}' names {matches.Count} kernels: {string.Join(", ", matches)}. Qualify it with the namespace or the containing type.", nameof(typeAndMethod));
        string rejected = GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)
            ? $" The generator reported errors, which stop a kernel's code: {string.Join("; ", GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))}."
            : "";
        throw new KeyNotFoundException($"No generated file is the kernel '{typeAndMethod}' (expected a hint name ending in '{typeAndMethod}.g.cs').{rejected} {Listing()}");
    }

    private string Listing() => GeneratedFiles.Count == 0
        ? "It generated no files at all."
        : $"The generated files are: {string.Join(", ", GeneratedFiles.Keys)}.";
}
