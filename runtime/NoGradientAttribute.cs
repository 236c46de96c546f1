using System;

namespace KernelGen;

/// <summary>
/// Marks a kernel parameter as data rather than a parameter being trained (the pixels fed to a model, say):
/// the generated backward pass computes no gradient for it and its entry points take no gradient output for it.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoGradientAttribute : Attribute
{
}
