using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace KernelGen.CompilerServices;

/// <summary>
/// A batch entry point's scratch for intermediate vectors: the stack space it is given when that is large enough,
/// else an array rented from <see cref="ArrayPool{T}.Shared"/> and returned on <see cref="Dispose"/>, so a call
/// allocates nothing either way. Generated code holds it in a <c>using</c> declaration.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct ScratchBuffer
{
    /// <summary>The most floats a generated entry point puts on the stack (4 KiB); a longer scratch is rented.</summary>
    public const int StackLength = 1024;

    private float[]? _rented;

    /// <summary>
    /// <paramref name="length"/> floats: the first of <paramref name="stack"/> when it holds that many (generated code
    /// passes <c>stackalloc float[length]</c> up to <see cref="StackLength"/>, else an empty span), else rented.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ScratchBuffer(int length, Span<float> stack)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "A scratch length is never negative.");
        if (length <= stack.Length)
        {
            Span = stack.Slice(0, length);
            _rented = null;
        }
        else
        {
            _rented = ArrayPool<float>.Shared.Rent(length);
            Span = _rented.AsSpan(0, length);
        }
    }

    /// <summary>The scratch.</summary>
    public Span<float> Span { get; }

    /// <summary>Returns a rented array to the pool; once only, however often it is called.</summary>
    public void Dispose()
    {
        if (_rented is null) return;
        ArrayPool<float>.Shared.Return(_rented);
        _rented = null;
    }
}
