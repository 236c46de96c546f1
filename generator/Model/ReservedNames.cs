namespace KernelGen.Generator.Model;

/// <summary>
/// The names generated code uses as they are, in every kernel: the entry points' own parameters, the loop variables and
/// the generated class's constants. A kernel parameter may not take one (KG0013), and the emitter never gives one to a
/// local. Names derived from a parameter (dx, xLength, x0) are checked where they are made.
/// </summary>
internal static class ReservedNames
{
    public static readonly string[] All =
    {
        "rows", "result", "dResult", "values", "gradScale", "scratch", "scratchLength", "scratchBuffer", "rowScratch",
        "r", "i", "j", "CacheResidentLength", "LaneRowLength",
    };
}
