using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Ranges;

/// <summary>How a float evaluation can go wrong where the exact value is finite.</summary>
internal enum HazardKind
{
    /// <summary>A log, log1p or sqrt of an exp that overflowed: +inf where the exact value is moderate.</summary>
    OverflowShrunk,
    /// <summary>An overflowed exp times a value that can be 0: NaN.</summary>
    InfinityTimesZero,
    /// <summary>Two overflowed values subtracted (or added with opposite signs): NaN.</summary>
    InfinityMinusInfinity,
    /// <summary>An overflowed value divided by another: NaN.</summary>
    InfinityOverInfinity,
    /// <summary>The log of an exp that underflowed to 0: -inf.</summary>
    LogOfUnderflow,
    /// <summary>A division by an exp that underflowed to 0 (or a denormal): inf or lost digits.</summary>
    DivisionByUnderflow,
}

/// <summary>One place where float can give Inf or NaN although the exact result is finite, and the exp that causes it.</summary>
internal sealed record Hazard(HazardKind Kind, Node Source, Node At);
