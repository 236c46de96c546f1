using System.IO;
using System.Runtime.CompilerServices;

namespace KernelGen.Tests.Generation;

/// <summary>The catalog's source text, read from the repository so the in-process generator sees exactly what the build compiled.</summary>
public static class CatalogSource
{
    public static string Text => File.ReadAllText(PathOf());

    private static string PathOf([CallerFilePath] string here = "")
        => Path.Combine(Path.GetDirectoryName(here)!, "..", "Catalog", "CatalogKernels.cs");
}
