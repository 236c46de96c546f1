namespace KernelGen.Generator.Emit;

/// <summary>
/// The runtime types generated code calls, fully qualified: a user's type or member of the same name (a parameter
/// called <c>RowLanes</c>, a nested class <c>VectorMath</c>) then cannot capture the reference.
/// </summary>
internal static class RuntimeNames
{
    /// <summary>The namespace of the support code, hidden from IntelliSense in the runtime.</summary>
    public const string CompilerServices = "global::KernelGen.CompilerServices.";

    public const string VectorMath = CompilerServices + "VectorMath";
    public const string KernelMath = CompilerServices + "KernelMath";
    public const string RowLanes = CompilerServices + "RowLanes";
    public const string MatrixProducts = CompilerServices + "MatrixProducts";
    public const string RowPass = CompilerServices + "RowPass";
    public const string ScratchBuffer = CompilerServices + "ScratchBuffer";
}
