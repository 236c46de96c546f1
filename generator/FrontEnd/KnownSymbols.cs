using System.Linq;
using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.FrontEnd;

/// <summary>The runtime types the front end resolves calls against (by symbol, never by spelling).</summary>
internal sealed class KnownSymbols
{
    public const string KernelAttributeName = "KernelGen.KernelAttribute";
    public const string SharedAttributeName = "KernelGen.SharedAttribute";
    public const string NoGradientAttributeName = "KernelGen.NoGradientAttribute";

    private KnownSymbols(INamedTypeSymbol vec, INamedTypeSymbol mat, INamedTypeSymbol ops, INamedTypeSymbol kernel, INamedTypeSymbol? shared, INamedTypeSymbol? noGradient)
    {
        NoGradientAttribute = noGradient;
        Vec = vec;
        Mat = mat;
        Ops = ops;
        KernelAttribute = kernel;
        SharedAttribute = shared;
    }

    public INamedTypeSymbol Vec { get; }
    public INamedTypeSymbol Mat { get; }
    public INamedTypeSymbol Ops { get; }
    public INamedTypeSymbol KernelAttribute { get; }
    public INamedTypeSymbol? SharedAttribute { get; }
    public INamedTypeSymbol? NoGradientAttribute { get; }

    /// <summary>True when <paramref name="parameter"/> carries the attribute <paramref name="attribute"/>.</summary>
    public static bool Has(IParameterSymbol parameter, INamedTypeSymbol? attribute)
        => attribute is not null && parameter.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));

    public static KnownSymbols? Resolve(Compilation compilation)
    {
        var vec = compilation.GetTypeByMetadataName("KernelGen.Vec");
        var mat = compilation.GetTypeByMetadataName("KernelGen.Mat");
        var ops = compilation.GetTypeByMetadataName("KernelGen.Ops");
        var kernel = compilation.GetTypeByMetadataName(KernelAttributeName);
        if (vec is null || mat is null || ops is null || kernel is null) return null;
        return new KnownSymbols(vec, mat, ops, kernel, compilation.GetTypeByMetadataName(SharedAttributeName), compilation.GetTypeByMetadataName(NoGradientAttributeName));
    }

    public bool IsVec(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Vec);

    public bool IsMat(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Mat);

    public bool IsKernel(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, KernelAttribute)) return true;
        }
        return false;
    }
}
