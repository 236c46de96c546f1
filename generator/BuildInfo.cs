using System.Linq;
using System.Reflection;

namespace KernelGen.Generator;

/// <summary>
/// What the build stamped into this assembly (Directory.Build.props defines each once): the version, written into
/// every generated file's [GeneratedCode], and the repository, which the diagnostics' help links point into.
/// </summary>
internal static class BuildInfo
{
    public static string Version { get; } = Metadata("KernelGenVersion");

    public static string RepositoryUrl { get; } = Metadata("KernelGenRepositoryUrl");

    private static string Metadata(string key)
        => typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? "";
}
