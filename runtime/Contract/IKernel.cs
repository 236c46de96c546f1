using System;

namespace KernelGen;

/// <summary>
/// Implemented by every generated kernel class: its signature, and the batched forward pass over a table of
/// arguments. Static abstract members let generic code (<c>Trainer&lt;TLoss&gt;</c>) call a kernel it does not know
/// by name with no virtual call and no reflection: one direct call per batch.
/// </summary>
public interface IKernel
{
    /// <summary>The kernel's name and parameters.</summary>
    static abstract KernelSignature Signature { get; }

    /// <summary>
    /// The batched forward pass: <paramref name="rows"/> rows of the per-row inputs in <paramref name="arguments"/>,
    /// each row's value (a loss) or result (a vector, row after row) written to <paramref name="output"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An argument has the wrong length, or a label is out of range; the message names it.</exception>
    /// <exception cref="InvalidOperationException">An argument the kernel reads was not set.</exception>
    static abstract void ForwardBatch(int rows, KernelArguments arguments, Span<float> output);
}
