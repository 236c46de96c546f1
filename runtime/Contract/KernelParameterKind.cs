namespace KernelGen;

/// <summary>What a kernel parameter holds, as declared in the <see cref="KernelAttribute">[Kernel]</see> method.</summary>
public enum KernelParameterKind
{
    /// <summary>A <see cref="Vec"/>: a row of floats.</summary>
    Vector,

    /// <summary>A <see cref="Mat"/>: a row-major matrix of floats.</summary>
    Matrix,

    /// <summary>A <c>float</c>.</summary>
    Scalar,

    /// <summary>An <c>int</c> class label, used as <c>v[label]</c>.</summary>
    Label,
}
