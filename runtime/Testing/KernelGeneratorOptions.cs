using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelGen.Testing;

/// <summary>
/// How <see cref="KernelGeneratorRunner"/> compiles source text before it runs the generator. The defaults are those
/// of a typical project: the latest C# version, nullable enabled, a Release build, against this process's framework
/// and the KernelGen runtime.
/// </summary>
public sealed class KernelGeneratorOptions
{
    private readonly IReadOnlyList<MetadataReference> _references = Array.Empty<MetadataReference>();

    /// <summary>The options <see cref="KernelGeneratorRunner.Run(string[])"/> uses when it is given none.</summary>
    public static KernelGeneratorOptions Default { get; } = new();

    /// <summary>The C# version the sources (and the generated code) are parsed with; <see cref="LanguageVersion.Latest"/> by default.</summary>
    public LanguageVersion LanguageVersion { get; init; } = LanguageVersion.Latest;

    /// <summary>
    /// References added to the framework and the KernelGen runtime, for sources that use other libraries
    /// (for example <c>MetadataReference.CreateFromFile(typeof(MyType).Assembly.Location)</c>).
    /// </summary>
    public IReadOnlyList<MetadataReference> References
    {
        get => _references;
        init => _references = value ?? throw new ArgumentNullException(nameof(References), "Pass an empty list for no extra references.");
    }

    /// <summary>The parse options these settings stand for.</summary>
    public CSharpParseOptions ParseOptions => new(LanguageVersion);
}
