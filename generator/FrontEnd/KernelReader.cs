using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using KernelGen.Generator.Diagnostics;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator.FrontEnd;

/// <summary>
/// The front end: turns one [Kernel] method into a <see cref="KernelSpec"/>. It checks the method's shape
/// (static, one expression, partial containing types, supported parameter and return types, sizes), then
/// reads the expression into IR nodes. It never throws for bad user code; problems become diagnostics.
/// </summary>
internal static class KernelReader
{
    public static KernelSpec Read(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model)
    {
        var diagnostics = new List<DiagnosticInfo>();
        string filePath = syntax.SyntaxTree.FilePath;
        var methodSpan = SourceSpan.From(syntax.Identifier.GetLocation());

        // A method with syntax errors is still being typed: the compiler reports the errors, and what the
        // parser recovered (missing tokens, skipped text) is a guess, so anything generated or reported from
        // it would be wrong. Generate nothing and say nothing until it parses. Only errors count: a malformed
        // doc comment is a warning and must not switch the kernel off.
        if (syntax.ContainsDiagnostics && syntax.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            return Unreadable(method, filePath, methodSpan);

        void Report(DiagnosticDescriptor d, SourceSpan span, params string[] args) => diagnostics.Add(DiagnosticInfo.Create(d, filePath, span, args));

        var containing = ContainingTypes(method, syntax, Report);
        var body = BodyOf(syntax);
        var parameters = new List<ParamSpec>();
        var nodes = new List<ExprNode>();
        int root = -1;
        bool returnsVector = false;

        var symbols = KnownSymbols.Resolve(model.Compilation);
        if (symbols is null)
        {
            Report(DiagnosticDescriptors.RuntimeNotReferenced, methodSpan, method.Name);
            return Spec();
        }

        if (method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count(symbols.IsKernel) > 1)
            Report(DiagnosticDescriptors.OverloadedKernel, methodSpan, method.ContainingType.Name, method.Name);

        // The generated class is a member of the kernel's type: a user member of that name (or one inherited, which it
        // would hide) makes it a duplicate definition in the generated file.
        string kernelClass = method.Name + "Kernel";
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.GetMembers(kernelClass).FirstOrDefault() is not { } taken) continue;
            string what = taken.Kind switch { SymbolKind.NamedType => "a nested type", SymbolKind.Method => "a method", SymbolKind.Property => "a property", SymbolKind.Field => "a field", SymbolKind.Event => "an event", _ => "a member" };
            if (!SymbolEqualityComparer.Default.Equals(type, method.ContainingType)) what += " inherited from " + type.Name;
            Report(DiagnosticDescriptors.GeneratedNameTaken, methodSpan, method.ContainingType.Name, kernelClass, what, method.Name);
            break;
        }

        if (!method.IsStatic || method.IsGenericMethod || body is null)
        {
            string why = !method.IsStatic ? "it is not static"
                : method.IsGenericMethod ? "it is generic"
                : syntax.Modifiers.Any(SyntaxKind.PartialKeyword) ? "it is a partial method, whose declaration has no body; declare the kernel as an ordinary static method with its expression"
                : "its body is not a single expression";
            Report(DiagnosticDescriptors.KernelShape, methodSpan, method.Name, why);
        }

        if (symbols.IsVec(method.ReturnType)) returnsVector = true;
        else if (method.ReturnType.SpecialType != SpecialType.System_Single)
            Report(DiagnosticDescriptors.UnsupportedReturn, SourceSpan.From(syntax.ReturnType.GetLocation()), method.Name, method.ReturnType.ToDisplayString());

        foreach (var parameter in method.Parameters)
        {
            var span = SpanOf(parameter, syntax);
            var kind = KindOf(parameter.Type, symbols);
            bool shared = symbols.SharedAttribute is { } sharedType
                && parameter.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, sharedType));
            if (kind is null || parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, span, parameter.Name, method.Name, parameter.Type.ToDisplayString());
                kind = ParamKind.Scalar;
            }
            else if (shared && kind == ParamKind.Label)
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, span, parameter.Name, method.Name, "[Shared] int (labels are per row)");
            }
            if (SyntaxFacts.GetKeywordKind(parameter.Name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(parameter.Name) != SyntaxKind.None)
                Report(DiagnosticDescriptors.ReservedName, span, parameter.Name, method.Name, "a C# keyword, which the generated code would have to escape everywhere");
            else if (Array.IndexOf(ReservedNames.All, parameter.Name) >= 0)
                Report(DiagnosticDescriptors.ReservedName, span, parameter.Name, method.Name, "entry-point parameters, loop variables and constants " + string.Join(", ", ReservedNames.All));
            else if (parameter.Name.Length > 1 && parameter.Name[0] == 'd' && method.Parameters.Any(p => "d" + p.Name == parameter.Name))
                Report(DiagnosticDescriptors.ReservedName, span, parameter.Name, method.Name, "the gradient of '" + parameter.Name.Substring(1) + "'");
            else if (BatchBufferNamed(parameter.Name, method, symbols) is { } buffer)
                Report(DiagnosticDescriptors.ReservedName, span, parameter.Name, method.Name, buffer);
            else if (SizeNamed(parameter.Name, method, symbols) is { } size)
                Report(DiagnosticDescriptors.ReservedName, span, parameter.Name, method.Name, size);
            bool noGradient = KnownSymbols.Has(parameter, symbols.NoGradientAttribute);
            parameters.Add(new ParamSpec(parameter.Name, kind.Value, shared || kind is ParamKind.Matrix or ParamKind.Scalar, -1, -1, span, noGradient));
        }

        ApplySizes(method, syntax, parameters, Report);

        // The generated passes are row operators: static abstract interface members (C# 11) and primary constructors (C# 12).
        if (syntax.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp12 } options)
            Report(DiagnosticDescriptors.LanguageVersionTooOld, methodSpan, method.Name, options.LanguageVersion.ToDisplayString());

        if (body is not null && diagnostics.Count == 0)
        {
            var operation = model.GetOperation(body);
            if (operation is null)
            {
                Report(DiagnosticDescriptors.KernelShape, methodSpan, method.Name, "its body could not be analyzed");
            }
            else
            {
                var reader = new ExpressionReader(symbols, model.Compilation, syntax.SyntaxTree, filePath, diagnostics);
                var map = new Dictionary<IParameterSymbol, int>(SymbolEqualityComparer.Default);
                for (int i = 0; i < method.Parameters.Length; i++)
                    map[method.Parameters[i]] = reader.AddParameter(parameters[i].Kind, i, parameters[i].Span);
                root = reader.ReadKernelBody(method, operation, map, callSite: null);
                nodes = reader.Nodes;
                // Code the C# compiler rejects has no meaning to compile; its error is the one to fix.
                if (reader.ReadCodeWithErrors) root = -1;
            }
        }

        return Spec();

        KernelSpec Spec() => new(
            method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            containing.ToEquatableArray(),
            method.Name,
            AccessibilityKeyword(method.DeclaredAccessibility),
            returnsVector,
            parameters.ToEquatableArray(),
            nodes.ToEquatableArray(),
            root,
            body is null ? "" : Regex.Replace(body.ToString(), @"\s+", " "),
            filePath,
            methodSpan,
            diagnostics.ToEquatableArray())
        {
            HasNet9VectorApi = TargetVectorApi.HasNet9Api(model.Compilation),
        };
    }

    /// <summary>A spec that generates nothing and reports nothing, for a method that does not parse.</summary>
    private static KernelSpec Unreadable(IMethodSymbol method, string filePath, SourceSpan methodSpan)
        => new(null, EquatableArray<ContainingType>.Empty, method.Name, "public", false, EquatableArray<ParamSpec>.Empty,
            EquatableArray<ExprNode>.Empty, -1, "", filePath, methodSpan, EquatableArray<DiagnosticInfo>.Empty);

    /// <summary>
    /// The batch schedule names its buffers after the matrices: <c>wProduct(s)</c> for w * x and
    /// <c>dwFactor(s)</c> for the rows' factors of dw. A parameter may not take one of those names.
    /// </summary>
    private static string? BatchBufferNamed(string name, IMethodSymbol method, KnownSymbols symbols)
    {
        foreach (var matrix in method.Parameters.Where(p => KindOf(p.Type, symbols) == ParamKind.Matrix))
        {
            foreach (var suffix in new[] { "Product", "Products" })
                if (name == matrix.Name + suffix) return $"the rows of the product '{matrix.Name} * x' in a batch";
            if (name.StartsWith("d" + matrix.Name + "Factor", StringComparison.Ordinal))
                return $"the rows' factors of the gradient 'd{matrix.Name}' in a batch";
        }
        return null;
    }

    /// <summary>
    /// What a parameter name stands for when the generated code derives that name from another parameter: sizes
    /// (xLength, wRows, wColumns), span refs (xRef), matrix rows (wRow) and scratch buffers (wProduct).
    /// </summary>
    private static string? SizeNamed(string name, IMethodSymbol method, KnownSymbols symbols)
    {
        foreach (var p in method.Parameters)
        {
            if (p.Name == name) continue;
            if (symbols.IsVec(p.Type) && name == p.Name + "Length") return "the length of '" + p.Name + "'";
            if (symbols.IsMat(p.Type) && name == p.Name + "Rows") return "the number of rows of '" + p.Name + "'";
            if (symbols.IsMat(p.Type) && name == p.Name + "Columns") return "the number of columns of '" + p.Name + "'";
            if (symbols.IsMat(p.Type) && name == p.Name + "Length") return "the number of elements of '" + p.Name + "'";
            foreach (var suffix in new[] { "Ref", "Row", "Product", "TransposedProduct" })
            {
                if (name == p.Name + suffix || name == "d" + p.Name + suffix)
                    return "a local the generated code derives from '" + p.Name + "'";
            }
        }
        return null;
    }

    /// <summary>The single expression a kernel method returns, or null when its body is anything else.</summary>
    public static ExpressionSyntax? BodyOf(MethodDeclarationSyntax syntax)
    {
        if (syntax.ExpressionBody is { } arrow) return WithoutParentheses(arrow.Expression);
        if (syntax.Body is { Statements.Count: 1 } block && block.Statements[0] is ReturnStatementSyntax { Expression: { } returned })
            return WithoutParentheses(returned);
        return null;
    }

    /// <summary>C# has no operation for parentheses themselves: the semantic model answers for what they enclose.</summary>
    private static ExpressionSyntax WithoutParentheses(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized) expression = parenthesized.Expression;
        return expression;
    }

    /// <summary>The body of a kernel declared in source, for inlining; null when it has none in this compilation.</summary>
    public static ExpressionSyntax? BodyOf(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is MethodDeclarationSyntax declaration && BodyOf(declaration) is { } body) return body;
        }
        return null;
    }

    private static ParamKind? KindOf(ITypeSymbol type, KnownSymbols symbols)
    {
        if (symbols.IsVec(type)) return ParamKind.Vector;
        if (symbols.IsMat(type)) return ParamKind.Matrix;
        return type.SpecialType switch
        {
            SpecialType.System_Single => ParamKind.Scalar,
            SpecialType.System_Int32 => ParamKind.Label,
            _ => null,
        };
    }

    private static List<ContainingType> ContainingTypes(IMethodSymbol method, MethodDeclarationSyntax syntax, Action<DiagnosticDescriptor, SourceSpan, string[]> report)
    {
        var types = new List<ContainingType>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
            // A problem with the type is reported on its name in the kernel's file, or on the kernel when it is declared elsewhere.
            var local = declarations.FirstOrDefault(d => d.SyntaxTree == syntax.SyntaxTree);
            var typeSpan = SourceSpan.From((local?.Identifier ?? syntax.Identifier).GetLocation());
            if (declarations.Any(d => d.Modifiers.Any(SyntaxKind.FileKeyword)))
                report(DiagnosticDescriptors.FileLocalType, typeSpan, new[] { type.Name, method.Name });
            if (!declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
                report(DiagnosticDescriptors.NotPartial, typeSpan, new[] { type.Name, method.Name });
            string keyword = type.IsRecord ? (type.IsValueType ? "record struct" : "record")
                : type.TypeKind switch { TypeKind.Struct => "struct", TypeKind.Interface => "interface", _ => "class" };
            string name = type.TypeParameters.Length == 0 ? type.Name : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
            types.Insert(0, new ContainingType(keyword, name));
        }
        return types;
    }

    private static void ApplySizes(IMethodSymbol method, MethodDeclarationSyntax syntax, List<ParamSpec> parameters, Action<DiagnosticDescriptor, SourceSpan, string[]> report)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownSymbols.KernelAttributeName);
        if (attribute is null) return;
        var sizes = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Sizes").Value;
        if (sizes.Value is not string text) return;

        var span = attribute.ApplicationSyntaxReference?.GetSyntax() is { } attributeSyntax && attributeSyntax.SyntaxTree == syntax.SyntaxTree
            ? SourceSpan.From(attributeSyntax.GetLocation())
            : SourceSpan.From(syntax.Identifier.GetLocation());
        var entries = SizesParser.Parse(text, out string error);
        if (entries is null)
        {
            report(DiagnosticDescriptors.InvalidSizes, span, new[] { text, method.Name, error });
            return;
        }
        foreach (var entry in entries)
        {
            int index = parameters.FindIndex(p => p.Name == entry.Name);
            if (index < 0)
            {
                report(DiagnosticDescriptors.InvalidSizes, span, new[] { text, method.Name, $"'{entry.Name}' is not a parameter" });
                continue;
            }
            var p = parameters[index];
            bool matrix = entry.Columns > 0;
            if (p.Kind == ParamKind.Vector && !matrix) parameters[index] = p with { DeclaredRows = entry.Rows };
            else if (p.Kind == ParamKind.Matrix && matrix) parameters[index] = p with { DeclaredRows = entry.Rows, DeclaredColumns = entry.Columns };
            else report(DiagnosticDescriptors.InvalidSizes, span, new[] { text, method.Name, $"'{entry.Name}' is a {p.Kind.ToString().ToLowerInvariant()}, so its size is written " + (p.Kind == ParamKind.Matrix ? "'RxC'" : p.Kind == ParamKind.Vector ? "'N'" : "nowhere") });
        }
    }

    private static SourceSpan SpanOf(IParameterSymbol parameter, MethodDeclarationSyntax method)
    {
        var location = parameter.Locations.FirstOrDefault(l => l.SourceTree == method.SyntaxTree);
        return location is null ? SourceSpan.From(method.Identifier.GetLocation()) : SourceSpan.From(location);
    }

    private static string AccessibilityKeyword(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
