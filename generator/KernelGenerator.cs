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
                predicate: static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                transform: static (ctx, _) => ReadSafely(ctx))
            .WithTrackingName(Steps.Specs);

        // Code: compiled from the spec without source positions, so moving a kernel does not re-run the emitter.
        var compiled = specs
            .Select(static (spec, _) => spec.WithoutLocations()).WithTrackingName(Steps.Shapes)
            .Select(static (spec, _) => KernelCompiler.Compile(spec)).WithTrackingName(Steps.Compiled);
        context.RegisterSourceOutput(compiled, static (spc, kernel) =>
        {
            if (kernel.Source is not null) spc.AddSource(kernel.HintName, kernel.Source);
            // The diagnostics pipeline stops short of emission; a failure there is only seen here. It has no
            // position (this spec was stripped of them), but it names the kernel, and it must not pass in silence.
            if (kernel.EmitFailure is { } failure) spc.ReportDiagnostic(failure.ToDiagnostic());
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
        var method = (IMethodSymbol)ctx.TargetSymbol;
        if (ctx.TargetNode is LocalFunctionStatementSyntax local)
            return Rejected(method, local.SyntaxTree.FilePath, local.Identifier.GetLocation(), DiagnosticDescriptors.KernelShape, method.Name, "it is a local function; declare it as a static method of a partial type");

        var syntax = (MethodDeclarationSyntax)ctx.TargetNode;
        try
        {
            return KernelReader.Read(method, syntax, ctx.SemanticModel);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Rejected(method, syntax.SyntaxTree.FilePath, syntax.Identifier.GetLocation(), DiagnosticDescriptors.InternalError, method.Name, ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>A spec that generates nothing and carries one diagnostic.</summary>
    private static KernelSpec Rejected(IMethodSymbol method, string filePath, Location location, DiagnosticDescriptor descriptor, params string[] arguments)
    {
        var span = SourceSpan.From(location);
        var diagnostic = DiagnosticInfo.Create(descriptor, filePath, span, arguments);
        return new KernelSpec(null, EquatableArray<ContainingType>.Empty, method.Name, "public", false, EquatableArray<ParamSpec>.Empty,
            EquatableArray<ExprNode>.Empty, -1, "", filePath, span, new[] { diagnostic }.ToEquatableArray());
    }
}
