using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic KernelGen reports. IDs are stable: a number is never reused for another meaning.
/// Each has a page under docs/diagnostics explaining the cause and the fix.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "KernelGen";
    private static readonly string HelpRoot = BuildInfo.RepositoryUrl + "/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor KernelShape = Error("KG0001",
        "Kernel must be a static method with one expression as its body",
        "Kernel '{0}' must be a static, non-generic method whose body is a single expression ('=> expr' or '{{ return expr; }}'): {1}");

    public static readonly DiagnosticDescriptor NotPartial = Error("KG0002",
        "Type containing a kernel must be partial",
        "Type '{0}' contains kernel '{1}' but is not partial; declare it 'partial' so the generated kernel class can be added to it");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Error("KG0003",
        "Unsupported kernel parameter",
        "Parameter '{0}' of kernel '{1}' has type '{2}'; kernel parameters must be Vec, Mat, float or int (a class label), passed by value");

    public static readonly DiagnosticDescriptor UnsupportedReturn = Error("KG0004",
        "Unsupported kernel return type",
        "Kernel '{0}' returns '{1}'; a kernel returns float (a scalar such as a loss) or Vec (a row)");

    public static readonly DiagnosticDescriptor UnsupportedCall = Error("KG0005",
        "Unsupported call in a kernel",
        "'{0}' cannot be compiled into a kernel; call KernelGen.Ops methods, Vec/Mat operators or other [Kernel] methods");

    public static readonly DiagnosticDescriptor ShapeMismatch = Error("KG0006",
        "Sizes do not match",
        "{0}");

    public static readonly DiagnosticDescriptor NotDifferentiable = Error("KG0007",
        "Operation is not differentiable",
        "'{0}' is piecewise constant, so the gradient of kernel '{1}' through it would be zero everywhere; wrap it in StopGradient(...) to state that");

    public static readonly DiagnosticDescriptor InvalidSizes = Error("KG0008",
        "Invalid Sizes on [Kernel]",
        "Sizes \"{0}\" on kernel '{1}' is invalid: {2}. Write comma-separated 'name=N' for a Vec or 'name=RxC' for a Mat, e.g. \"x=784, w=10x784\".");

    public static readonly DiagnosticDescriptor RecursiveKernel = Error("KG0009",
        "Kernel calls itself",
        "Kernel '{0}' calls itself through {1}; kernels are inlined into each other, so a call cycle has no finite expansion");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error("KG0010",
        "Unsupported expression in a kernel",
        "'{0}' is not part of the kernel language ({1}); a kernel body is one expression of parameters, float literals, operators and Ops calls");

    public static readonly DiagnosticDescriptor InvalidIndex = Error("KG0011",
        "Gather index must be a label parameter or a constant",
        "Index '{0}' {1}");

    public static readonly DiagnosticDescriptor UnknownSize = Error("KG0012",
        "A size cannot be determined",
        "The {0} of '{1}' in kernel '{2}' is not fixed by any parameter; declare it on the attribute, e.g. [Kernel(Sizes = \"{1}=10x784\")]");

    public static readonly DiagnosticDescriptor ReservedName = Error("KG0013",
        "Parameter name is used by the generated code",
        "Parameter '{0}' of kernel '{1}' clashes with a name the generated entry points use ({2}); rename the parameter");

    public static readonly DiagnosticDescriptor OverloadedKernel = Error("KG0014",
        "Kernel names must be unique in a type",
        "Type '{0}' has more than one kernel named '{1}'; each kernel gets a generated class named after it ({1}Kernel), so rename one of them");

    public static readonly DiagnosticDescriptor RuntimeNotReferenced = Error("KG0015",
        "The KernelGen runtime is not referenced",
        "Kernel '{0}' cannot be compiled: the KernelGen runtime (KernelGen.Vec, KernelGen.Mat, KernelGen.Ops) is not referenced; add a reference to the KernelGen library");

    public static readonly DiagnosticDescriptor Unstable = Warning("KG0016",
        "Expression can overflow or underflow where its exact value is finite",
        "'{0}' in kernel '{1}' {2}, and {3}, although the exact {4} is finite there; {5}");

    public static readonly DiagnosticDescriptor FileLocalType = Error("KG0017",
        "Kernel in a file-local type",
        "Type '{0}' containing kernel '{1}' is file-local; the generated kernel class is added to it from a file of its own, where a file-local type is a different type. Declare '{0}' internal (or public) instead of 'file'.");

    public static readonly DiagnosticDescriptor GeneratedNameTaken = Error("KG0018",
        "The generated class name is taken",
        "Type '{0}' already has a member named '{1}' ({2}), which is the name of the class generated for kernel '{3}'; rename that member or the kernel");

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = Error("KG0019",
        "Generated kernels need C# 12 or later",
        "Kernel '{0}' is compiled as C# {1}, but its generated code needs C# 12 or later (the default for .NET 8 and every later framework); remove the project's LangVersion setting or set it to 12 or later");

    public static readonly DiagnosticDescriptor InternalError = Error("KG9999",
        "Internal error in the KernelGen generator",
        "KernelGen could not compile kernel '{0}' because of an internal error: {1}. This is a bug in KernelGen; please report it with the kernel's source.");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        KernelShape, NotPartial, UnsupportedParameter, UnsupportedReturn, UnsupportedCall, ShapeMismatch,
        NotDifferentiable, InvalidSizes, RecursiveKernel, UnsupportedExpression, InvalidIndex, UnknownSize,
        ReservedName, OverloadedKernel, RuntimeNotReferenced, Unstable, FileLocalType, GeneratedNameTaken, LanguageVersionTooOld, InternalError,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpRoot + id + ".md");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpRoot + id + ".md");
}
