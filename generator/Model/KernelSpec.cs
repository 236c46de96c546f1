using System.Linq;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Model;

/// <summary>What kind of value a kernel parameter carries.</summary>
internal enum ParamKind { Vector, Matrix, Scalar, Label }

/// <summary>
/// A kernel parameter. <paramref name="DeclaredRows"/>/<paramref name="DeclaredColumns"/> are compile-time sizes
/// from the attribute, or -1; <paramref name="NoGradient"/> marks data that gets no gradient.
/// </summary>
internal sealed record ParamSpec(string Name, ParamKind Kind, bool Shared, int DeclaredRows, int DeclaredColumns, SourceSpan Span, bool NoGradient = false)
{
    /// <summary>Whether the backward pass produces a gradient for this parameter.</summary>
    public bool HasGradient => Kind != ParamKind.Label && !NoGradient;
}

/// <summary>
/// One node of the kernel expression as the front end read it, in post-order (operands come first).
/// Operand fields hold indices into <see cref="KernelSpec.Nodes"/>, or -1.
/// </summary>
internal sealed record ExprNode(Op Op, int A, int B, int C, float Value, int Param, SourceSpan Span);

/// <summary>A type that encloses the kernel method, outermost first, as its partial declaration must be written.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// Everything the generator needs to know about one [Kernel] method, made only of strings, numbers and
/// equatable arrays so the incremental pipeline can cache it (no symbols, syntax or compilation inside).
/// </summary>
internal sealed record KernelSpec(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string MethodName,
    string Accessibility,
    bool ReturnsVector,
    EquatableArray<ParamSpec> Parameters,
    EquatableArray<ExprNode> Nodes,
    int Root,
    string ExpressionText,
    string FilePath,
    SourceSpan MethodSpan,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>
    /// Whether the target framework's <c>Vector256</c> has the .NET 9 API (<c>MultiplyAddEstimate</c>, and IEEE 754:2019
    /// <c>Max</c>/<c>Min</c>). Against .NET 8 the generated code calls the runtime's equivalents instead.
    /// </summary>
    public bool HasNet9VectorApi { get; init; } = true;

    public string FullTypeName => string.Join(".", System.Linq.Enumerable.Select(ContainingTypes, t => t.Name));

    public string KernelClassName => MethodName + "Kernel";

    /// <summary>
    /// This spec with every source position cleared. The code path compiles this copy, so an edit that only
    /// moves the kernel (a comment above it, a new line) leaves the generated code cached; diagnostics are
    /// computed from the located spec on their own path.
    /// </summary>
    public KernelSpec WithoutLocations() => this with
    {
        Parameters = Parameters.Select(p => p with { Span = SourceSpan.None }).ToEquatableArray(),
        Nodes = Nodes.Select(n => n with { Span = SourceSpan.None }).ToEquatableArray(),
        MethodSpan = SourceSpan.None,
        Diagnostics = Diagnostics.Select(d => d with { Span = SourceSpan.None }).ToEquatableArray(),
    };

    /// <summary>
    /// The generated file's name, <c>Namespace.Type.Method.g.cs</c>. Nested types are joined with '+' and
    /// generic types carry their arity (<c>Outer+Inner`1</c>), so two kernels never share a file name.
    /// </summary>
    public string HintName => (Namespace is null ? "" : Namespace + ".")
        + string.Join("+", ContainingTypes.Select(t => MetadataName(t.Name))) + "." + MethodName + ".g.cs";

    private static string MetadataName(string name)
    {
        int open = name.IndexOf('<');
        return open < 0 ? name : name.Substring(0, open) + "`" + (name.Count(c => c == ',') + 1);
    }
}
