using System.IO;
using System.Runtime.CompilerServices;

namespace KernelGen.Tests.Generation;

/// <summary>The catalog's source text, read from the repository so the in-process generator sees exactly what the build compiled.</summary>
public static class CatalogSource
{
    public static string Text => Read("CatalogKernels.cs");

    /// <summary>The second catalog, <see cref="Catalog.TextbookKernels"/>.</summary>
    public static string Textbook => Read("TextbookKernels.cs");

    private static string Read(string file, [CallerFilePath] string here = "")
        => File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "Catalog", file));
}
