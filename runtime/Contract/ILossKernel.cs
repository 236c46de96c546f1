using System;

namespace KernelGen;

/// <summary>
/// Implemented by every generated class of a <c>float</c>-valued kernel (a loss): the fused forward+backward pass over
/// a batch, which a trainer calls once per minibatch (or per thread's slice of one).
/// </summary>
public interface ILossKernel : IKernel
{
    /// <summary>
    /// Each row's value into <paramref name="values"/> and, in the same passes, the gradient of every parameter with
    /// <see cref="KernelParameter.HasGradient"/> into <see cref="KernelArguments.Gradient"/> (per-row parameters row
    /// after row; shared ones summed over the rows, each row weighted by <paramref name="gradScale"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An argument has the wrong length, or a label is out of range; the message names it.</exception>
    /// <exception cref="InvalidOperationException">An argument or gradient buffer the kernel needs was not set.</exception>
    static abstract void ForwardBackwardBatch(int rows, KernelArguments arguments, float gradScale, Span<float> values);
}
