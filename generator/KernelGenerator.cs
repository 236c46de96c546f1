using System;
using KernelGen.Generator.Diagnostics;
using KernelGen.Generator.FrontEnd;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator;

/// <summary>
/// The KernelGen incremental generator. Pipeline: [Kernel] methods -> <see cref="KernelSpec"/> (front end,
/// equatable, cached across edits) -> <see cref="CompiledKernel"/> (the compiler, a pure function of the
/// spec) -> one source file and its diagnostics per kernel.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class KernelGenerator : IIncrementalGenerator
{
    /// <summary>Names of the pipeline steps, for incrementality tests.</summary>
    public static class Steps
    {
        public const string Specs = "KernelSpecs";
        public const string Shapes = "KernelShapes";
        public const string Compiled = "CompiledKernels";
        public const string Diagnostics = "KernelDiagnostics";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownSymbols.KernelAttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, _) => ReadSafely(ctx))
            .WithTrackingName(Steps.Specs);

        // Code: compiled from the spec without source positions, so moving a kernel does not re-run the emitter.
        var compiled = specs
            .Select(static (spec, _) => spec.WithoutLocations()).WithTrackingName(Steps.Shapes)
            .Select(static (spec, _) => KernelCompiler.Compile(spec)).WithTrackingName(Steps.Compiled);
        context.RegisterSourceOutput(compiled, static (spc, kernel) =>
        {
            if (kernel.Source is not null) spc.AddSource(kernel.HintName, kernel.Source);
        });

        // Diagnostics: from the located spec, reported on the offending node.
        var diagnostics = specs
            .Select(static (spec, _) => spec.Diagnostics.Count > 0 ? spec.Diagnostics : KernelCompiler.Diagnose(spec))
            .WithTrackingName(Steps.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var diagnostic in list) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    private static KernelSpec ReadSafely(GeneratorAttributeSyntaxContext ctx)
    {
        var syntax = (MethodDeclarationSyntax)ctx.TargetNode;
        var method = (IMethodSymbol)ctx.TargetSymbol;
        try
        {
            return KernelReader.Read(method, syntax, ctx.SemanticModel);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var span = SourceSpan.From(syntax.Identifier.GetLocation());
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, syntax.SyntaxTree.FilePath, span, method.Name, ex.GetType().Name + ": " + ex.Message);
            return new KernelSpec(null, EquatableArray<ContainingType>.Empty, method.Name, "public", false, EquatableArray<ParamSpec>.Empty,
                EquatableArray<ExprNode>.Empty, -1, "", syntax.SyntaxTree.FilePath, span, new[] { diagnostic }.ToEquatableArray());
        }
    }
}
