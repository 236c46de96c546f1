using System;

namespace KernelGen;

/// <summary>
/// Marks a static expression-bodied method as a kernel: at compile time the KernelGen generator turns the
/// expression into stable, differentiated, fused <c>Vector256&lt;float&gt;</c> code in a nested class named
/// <c>{Method}Kernel</c>. Calling the method itself evaluates the expression as written (a readable reference).
/// </summary>
/// <example>
/// <code>
/// [Kernel] public static float CrossEntropy(Vec z, int y) => -Log(Softmax(z))[y];
/// [Kernel(Sizes = "x=784, b=10")] public static float Linear(Vec x, Mat w, [Shared] Vec b, int y) => CrossEntropy(w * x + b, y);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class KernelAttribute : Attribute
{
    /// <summary>
    /// Optional compile-time sizes, e.g. <c>"x=784, b=10"</c> for vectors or <c>"w=10x784"</c> for a matrix
    /// (rows x columns). Sizes not given are inferred from the expression or read from the spans at run time;
    /// declared sizes give specialized code (constant trip counts, no tail loop when a size is a multiple of 8).
    /// </summary>
    public string? Sizes { get; set; }
}
