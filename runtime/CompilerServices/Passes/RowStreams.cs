using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelGen.CompilerServices;

/// <summary>
/// The spans one pass reads and writes, numbered in the order given: a generated operator reads stream 0 as
/// <c>streams.Load&lt;T&gt;(0, i)</c>. The entry points have checked every length, so access is unchecked here.
/// </summary>
/// <remarks>
/// A ref struct of refs rather than an array of spans: it cannot be a type argument on .NET 8, so the driver takes
/// it as an ordinary parameter, and the operator (a plain struct) receives it on each call. Eight streams: a pass of
/// the generated catalog reads and writes at most five, the generator splits a wider one, and every slot costs a
/// store per pass, which rows of ten to a hundred elements notice (sixteen slots measured 5-30% slower there).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct RowStreams
{
    /// <summary>The most streams one pass can have.</summary>
    public const int Capacity = 8;

    private readonly ref float _s0;
    private readonly ref float _s1;
    private readonly ref float _s2;
    private readonly ref float _s3;
    private readonly ref float _s4;
    private readonly ref float _s5;
    private readonly ref float _s6;
    private readonly ref float _s7;

    // One constructor per number of streams rather than one with defaults: each default span would be one more local
    // of the core the constructor is inlined into, and a core has a limited number of them (see RowPass.RunOneVectorAtATime).
    /// <summary>The spans of a pass that reads and writes one span, numbered 0, 1, 2, ... in the order given (a written span is passed as a <see cref="Span{T}"/>).</summary>
    // Inlined, so that the refs go straight into the driver's registers and the unused slots cost nothing.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RowStreams(ReadOnlySpan<float> s0)
    {
        _s0 = ref MemoryMarshal.GetReference(s0);
    }

    /// <summary>The spans of a pass that reads and writes 2 spans, numbered 0, 1, 2, ... in the order given (a written span is passed as a <see cref="Span{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RowStreams(ReadOnlySpan<float> s0, ReadOnlySpan<float> s1)
    {
        _s0 = ref MemoryMarshal.GetReference(s0);
        _s1 = ref MemoryMarshal.GetReference(s1);
    }

    /// <summary>The spans of a pass that reads and writes 3 spans, numbered 0, 1, 2, ... in the order given (a written span is passed as a <see cref="Span{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RowStreams(ReadOnlySpan<float> s0, ReadOnlySpan<float> s1, ReadOnlySpan<float> s2)
    {
        _s0 = ref MemoryMarshal.GetReference(s0);
        _s1 = ref MemoryMarshal.GetReference(s1);
        _s2 = ref MemoryMarshal.GetReference(s2);
    }

    /// <summary>The spans of a pass that reads and writes 4 spans, numbered 0, 1, 2, ... in the order given (a written span is passed as a <see cref="Span{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RowStreams(ReadOnlySpan<float> s0, ReadOnlySpan<float> s1, ReadOnlySpan<float> s2, ReadOnlySpan<float> s3)
    {
        _s0 = ref MemoryMarshal.GetReference(s0);
        _s1 = ref MemoryMarshal.GetReference(s1);
        _s2 = ref MemoryMarshal.GetReference(s2);
        _s3 = ref MemoryMarshal.GetReference(s3);
    }

    /// <summary>The spans of a pass that reads and writes 5 spans, numbered 0, 1, 2, ... in the order given (a written span is passed as a <see cref="Span{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RowStreams(ReadOnlySpan<float> s0, ReadOnlySpan<float> s1, ReadOnlySpan<float> s2, ReadOnlySpan<float> s3, ReadOnlySpan<float> s4)
    {
        _s0 = ref MemoryMarshal.GetReference(s0);
        _s1 = ref MemoryMarshal.GetReference(s1);
        _s2 = ref MemoryMarshal.GetReference(s2);
        _s3 = ref MemoryMarshal.GetReference(s3);
        _s4 = ref MemoryMarshal.GetReference(s4);
    }

    /// <summary>The spans of a pass that reads and writes 6 spans, numbered 0, 1, 2, ... in the order given (a written span is passed as a <see cref="Span{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RowStreams(ReadOnlySpan<float> s0, ReadOnlySpan<float> s1, ReadOnlySpan<float> s2, ReadOnlySpan<float> s3, ReadOnlySpan<float> s4, ReadOnlySpan<float> s5)
    {
        _s0 = ref MemoryMarshal.GetReference(s0);
        _s1 = ref MemoryMarshal.GetReference(s1);
        _s2 = ref MemoryMarshal.GetReference(s2);
        _s3 = ref MemoryMarshal.GetReference(s3);
        _s4 = ref MemoryMarshal.GetReference(s4);
        _s5 = ref MemoryMarshal.GetReference(s5);
    }

    /// <summary>The spans of a pass that reads and writes 7 spans, numbered 0, 1, 2, ... in the order given (a written span is passed as a <see cref="Span{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RowStreams(ReadOnlySpan<float> s0, ReadOnlySpan<float> s1, ReadOnlySpan<float> s2, ReadOnlySpan<float> s3, ReadOnlySpan<float> s4, ReadOnlySpan<float> s5, ReadOnlySpan<float> s6)
    {
        _s0 = ref MemoryMarshal.GetReference(s0);
        _s1 = ref MemoryMarshal.GetReference(s1);
        _s2 = ref MemoryMarshal.GetReference(s2);
        _s3 = ref MemoryMarshal.GetReference(s3);
        _s4 = ref MemoryMarshal.GetReference(s4);
        _s5 = ref MemoryMarshal.GetReference(s5);
        _s6 = ref MemoryMarshal.GetReference(s6);
    }

    /// <summary>The spans of a pass that reads and writes 8 spans, numbered 0, 1, 2, ... in the order given (a written span is passed as a <see cref="Span{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RowStreams(ReadOnlySpan<float> s0, ReadOnlySpan<float> s1, ReadOnlySpan<float> s2, ReadOnlySpan<float> s3, ReadOnlySpan<float> s4, ReadOnlySpan<float> s5, ReadOnlySpan<float> s6, ReadOnlySpan<float> s7)
    {
        _s0 = ref MemoryMarshal.GetReference(s0);
        _s1 = ref MemoryMarshal.GetReference(s1);
        _s2 = ref MemoryMarshal.GetReference(s2);
        _s3 = ref MemoryMarshal.GetReference(s3);
        _s4 = ref MemoryMarshal.GetReference(s4);
        _s5 = ref MemoryMarshal.GetReference(s5);
        _s6 = ref MemoryMarshal.GetReference(s6);
        _s7 = ref MemoryMarshal.GetReference(s7);
    }

    /// <summary>The lanes of stream <paramref name="stream"/> starting at element <paramref name="index"/>.</summary>
    /// <typeparam name="TLanes">Eight elements or one.</typeparam>
    /// <param name="stream">The stream's number.</param>
    /// <param name="index">The first element.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TLanes Load<TLanes>(int stream, nuint index) where TLanes : struct, ILanes<TLanes>
        => TLanes.Load(ref Start(stream), index);

    /// <summary>Writes <paramref name="value"/> to stream <paramref name="stream"/>, starting at element <paramref name="index"/>.</summary>
    /// <typeparam name="TLanes">Eight elements or one.</typeparam>
    /// <param name="stream">The stream's number.</param>
    /// <param name="index">The first element.</param>
    /// <param name="value">The lanes to write.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store<TLanes>(int stream, nuint index, TLanes value) where TLanes : struct, ILanes<TLanes>
        => TLanes.Store(value, ref Start(stream), index);

    // Generated operators pass constant stream numbers, so after inlining this switch folds to one ref.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref float Start(int stream)
    {
        switch (stream)
        {
            case 0: return ref _s0;
            case 1: return ref _s1;
            case 2: return ref _s2;
            case 3: return ref _s3;
            case 4: return ref _s4;
            case 5: return ref _s5;
            case 6: return ref _s6;
            case 7: return ref _s7;
            default: throw new ArgumentOutOfRangeException(nameof(stream), stream, $"A pass has at most {Capacity} streams.");
        }
    }
}
