using System;

namespace KernelGen.Benchmarks;

/// <summary>
/// The values the smoke run uses for a <c>[Params]</c> member instead of the measured ones, which would take
/// minutes. A member without it is tried at its measured values (a size a kernel fixes at compile time, say).
/// </summary>
/// <remarks>Pick values that are not a multiple of the vector width, so the tail loops run too.</remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class SmokeParamsAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public SmokeParamsAttribute(params int[] values) => Values = values;

    /// <summary>The values to try.</summary>
    public int[] Values { get; }
}
