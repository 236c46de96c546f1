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
/// it as an ordinary parameter, and the operator (a plain struct) receives it on each call.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct RowStreams
{
    /// <summary>The most streams one pass can have.</summary>
    public const int Capacity = 16;

    private readonly ref float _s0;
    private readonly ref float _s1;
    private readonly ref float _s2;
    private readonly ref float _s3;
    private readonly ref float _s4;
    private readonly ref float _s5;
    private readonly ref float _s6;
    private readonly ref float _s7;
    private readonly ref float _s8;
    private readonly ref float _s9;
    private readonly ref float _s10;
    private readonly ref float _s11;
    private readonly ref float _s12;
    private readonly ref float _s13;
    private readonly ref float _s14;
    private readonly ref float _s15;

    /// <summary>Numbers the spans 0, 1, 2, ... in the order given (a written span is passed as a <see cref="Span{T}"/>).</summary>
    public RowStreams(ReadOnlySpan<float> s0, ReadOnlySpan<float> s1 = default, ReadOnlySpan<float> s2 = default, ReadOnlySpan<float> s3 = default, ReadOnlySpan<float> s4 = default, ReadOnlySpan<float> s5 = default, ReadOnlySpan<float> s6 = default, ReadOnlySpan<float> s7 = default, ReadOnlySpan<float> s8 = default, ReadOnlySpan<float> s9 = default, ReadOnlySpan<float> s10 = default, ReadOnlySpan<float> s11 = default, ReadOnlySpan<float> s12 = default, ReadOnlySpan<float> s13 = default, ReadOnlySpan<float> s14 = default, ReadOnlySpan<float> s15 = default)
    {
        _s0 = ref MemoryMarshal.GetReference(s0);
        _s1 = ref MemoryMarshal.GetReference(s1);
        _s2 = ref MemoryMarshal.GetReference(s2);
        _s3 = ref MemoryMarshal.GetReference(s3);
        _s4 = ref MemoryMarshal.GetReference(s4);
        _s5 = ref MemoryMarshal.GetReference(s5);
        _s6 = ref MemoryMarshal.GetReference(s6);
        _s7 = ref MemoryMarshal.GetReference(s7);
        _s8 = ref MemoryMarshal.GetReference(s8);
        _s9 = ref MemoryMarshal.GetReference(s9);
        _s10 = ref MemoryMarshal.GetReference(s10);
        _s11 = ref MemoryMarshal.GetReference(s11);
        _s12 = ref MemoryMarshal.GetReference(s12);
        _s13 = ref MemoryMarshal.GetReference(s13);
        _s14 = ref MemoryMarshal.GetReference(s14);
        _s15 = ref MemoryMarshal.GetReference(s15);
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
            case 8: return ref _s8;
            case 9: return ref _s9;
            case 10: return ref _s10;
            case 11: return ref _s11;
            case 12: return ref _s12;
            case 13: return ref _s13;
            case 14: return ref _s14;
            case 15: return ref _s15;
            default: throw new ArgumentOutOfRangeException(nameof(stream), stream, $"A pass has at most {Capacity} streams.");
        }
    }
}
