using KernelGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.Model;

/// <summary>An equatable description of a diagnostic, turned into a real <see cref="Diagnostic"/> only when reported.</summary>
internal sealed record DiagnosticInfo(string Id, string FilePath, SourceSpan Span, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, string filePath, SourceSpan span, params string[] arguments)
        => new(descriptor.Id, filePath, span, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic()
    {
        var args = new object[Arguments.Count];
        for (int i = 0; i < args.Length; i++) args[i] = Arguments[i];
        return Diagnostic.Create(DiagnosticDescriptors.ById(Id), Span.ToLocation(FilePath), args);
    }
}
