using System;

namespace KernelGen;

/// <summary>
/// Marks a <see cref="Vec"/> parameter of a kernel as shared by every row of a batch (a bias, for example):
/// batched entry points take it once, and its gradient is summed over the rows. <see cref="Mat"/> and
/// <see cref="float"/> parameters are always shared; unmarked <see cref="Vec"/> and <see cref="int"/>
/// parameters are per row.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SharedAttribute : Attribute
{
}
