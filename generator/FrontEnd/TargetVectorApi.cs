using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.FrontEnd;

/// <summary>Which vector API the project compiles against, read from its references rather than from a build property.</summary>
internal static class TargetVectorApi
{
    /// <summary>
    /// True when <c>Vector256</c> has <c>MultiplyAddEstimate</c>: the .NET 9 API, where <c>Max</c>/<c>Min</c> also
    /// became IEEE 754:2019. False for .NET 8 (the oldest framework the runtime library ships for).
    /// </summary>
    public static bool HasNet9Api(Compilation compilation)
        => compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector256") is not { } vector256
           || !vector256.GetMembers("MultiplyAddEstimate").IsEmpty;
}
