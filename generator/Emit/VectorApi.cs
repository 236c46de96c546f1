using KernelGen.Generator.Model;

namespace KernelGen.Generator.Emit;

/// <summary>
/// The spelling of the vector operations whose BCL form changed in .NET 9. From .NET 9 on, <c>Vector256.Max/Min</c>
/// follow IEEE 754:2019 (NaN wins, +0 above -0) and <c>Vector256.MultiplyAddEstimate</c> exists, so generated code
/// calls them directly; against .NET 8 it calls the runtime's equivalents, which give the same results there.
/// </summary>
internal sealed class VectorApi
{
    public static readonly VectorApi Net9 = new($"{BclNames.Vector256}.Max", $"{BclNames.Vector256}.Min", $"{BclNames.Vector256}.MultiplyAddEstimate");

    public static readonly VectorApi Net8 = new(
        RuntimeNames.KernelMath + ".Max", RuntimeNames.KernelMath + ".Min", RuntimeNames.KernelMath + ".MultiplyAddEstimate");

    private VectorApi(string max, string min, string multiplyAddEstimate)
    {
        Max = max;
        Min = min;
        MultiplyAddEstimate = multiplyAddEstimate;
    }

    public string Max { get; }

    public string Min { get; }

    public string MultiplyAddEstimate { get; }

    public static VectorApi For(KernelSpec spec) => spec.HasNet9VectorApi ? Net9 : Net8;
}
