namespace KernelGen;

/// <summary>One parameter of a generated kernel, as code that drives kernels generically (a trainer) sees it.</summary>
/// <param name="Name">The parameter's name in the <see cref="KernelAttribute">[Kernel]</see> method.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="IsPerRow">
/// True when a batch takes one value per row (a <see cref="Vec"/> without <see cref="SharedAttribute">[Shared]</see>,
/// and every label); false when every row of a batch shares it (a <see cref="Mat"/>, a <c>float</c>, a
/// <see cref="SharedAttribute">[Shared]</see> <see cref="Vec"/>).
/// </param>
/// <param name="HasGradient">True when the backward pass writes its gradient: not for labels, not for <see cref="NoGradientAttribute">[NoGradient]</see> inputs.</param>
/// <param name="Rows">
/// The length of a vector, or the rows of a matrix, when fixed at compile time by <see cref="KernelAttribute.Sizes"/>
/// (or through another parameter that shares the dimension); null when it comes from the spans at run time.
/// </param>
/// <param name="Columns">The columns of a matrix when fixed at compile time; null otherwise, and for every other kind.</param>
public sealed record KernelParameter(string Name, KernelParameterKind Kind, bool IsPerRow, bool HasGradient, int? Rows = null, int? Columns = null)
{
    /// <summary>True for a parameter that holds floats (a vector, a matrix or a scalar), false for a label.</summary>
    public bool IsFloat => Kind != KernelParameterKind.Label;

    /// <inheritdoc/>
    public override string ToString()
    {
        string shape = Kind switch
        {
            KernelParameterKind.Matrix => $"Mat {Rows?.ToString() ?? "?"} x {Columns?.ToString() ?? "?"}",
            KernelParameterKind.Vector => $"Vec {Rows?.ToString() ?? "?"}",
            KernelParameterKind.Scalar => "float",
            _ => "int",
        };
        return $"{Name} ({shape}, {(IsPerRow ? "per row" : "shared")}{(HasGradient ? ", gradient" : "")})";
    }
}
