using KernelGen.Testing;

namespace KernelGen.Tests.Generation;

/// <summary>
/// Where this folder's snapshot tests keep their files: Snapshots/, named by catalog and kernel
/// (<c>CatalogKernels.Softmax.verified.cs</c>) rather than by test class and method, since one theory checks them all.
/// </summary>
internal static class Snapshots
{
    public static SnapshotSettings Of(string name) => new() { Directory = "Snapshots", FileName = name };
}
