namespace KernelGen.Generator.Emit;

/// <summary>
/// The framework types generated code uses, fully qualified: generated files have no using directives, so a user's
/// type or member named <c>Vector256</c>, <c>MathF</c> or <c>Span</c> next to a kernel cannot capture a reference.
/// </summary>
internal static class BclNames
{
    public const string Vector256 = "global::System.Runtime.Intrinsics.Vector256";
    public const string MathF = "global::System.MathF";
    public const string Math = "global::System.Math";
    public const string Span = "global::System.Span";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";
    public const string MemoryExtensions = "global::System.MemoryExtensions";
    public const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string ArrayPool = "global::System.Buffers.ArrayPool";
    public const string ArgumentException = "global::System.ArgumentException";
    public const string ArgumentOutOfRangeException = "global::System.ArgumentOutOfRangeException";
    public const string InvalidOperationException = "global::System.InvalidOperationException";
    public const string MethodImpl = "global::System.Runtime.CompilerServices.MethodImpl";
    public const string MethodImplOptions = "global::System.Runtime.CompilerServices.MethodImplOptions";
    public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";
}
