using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace KernelGen.Testing;

/// <summary>The references every in-process compilation gets: the running framework's assemblies and the KernelGen runtime.</summary>
internal static class FrameworkReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_all = new(Load);

    /// <summary>Loaded once per process: reading some 170 framework assemblies' metadata is the slow part of a first run.</summary>
    public static ImmutableArray<MetadataReference> All => s_all.Value;

    private static ImmutableArray<MetadataReference> Load()
    {
        // The host lists every assembly it may load in TRUSTED_PLATFORM_ASSEMBLIES: the test framework's and the
        // test project's too. Only the shared framework's (the directory that holds System.Private.CoreLib) are
        // what a user's project compiles against; the rest would let kernels see types their build never does.
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string trusted)
            throw new InvalidOperationException(
                "The host lists no TRUSTED_PLATFORM_ASSEMBLIES, so the framework to compile against is unknown. "
                + "Run the tests on .NET (not .NET Framework or a single-file host), or build a CSharpCompilation yourself and pass it to KernelGeneratorRunner.Run.");
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), framework, StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(KernelAttribute).Assembly.Location));
        return references.ToImmutableArray();
    }
}
