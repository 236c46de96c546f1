using System;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KernelGen.CompilerServices;

namespace KernelGen.Benchmarks;

/// <summary>
/// Throughput of <see cref="VectorMath"/> against the BCL's <see cref="Vector256"/> exp (which widens float
/// lanes to double) and log. Each benchmark maps a 4096-float array into another, eight lanes at a time, the
/// way a generated kernel's main loop does. <see cref="TensorPrimitives"/> is there as a second reference point.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ExpLogBenchmarks
{
    private const int Length = 4096;

    // Where an array happens to land decides whether its 32-byte loads and stores straddle cache lines, which
    // moved results between launches by more than the difference being measured. The buffers are pinned and
    // used from a 64-byte boundary, so every launch measures the same thing.
    private const int AlignmentFloats = 16;

    private float[] _expInput = Array.Empty<float>();
    private float[] _logInput = Array.Empty<float>();
    private float[] _output = Array.Empty<float>();
    private int _expStart;
    private int _logStart;
    private int _outputStart;

    /// <summary>Fills the inputs with a fixed pseudo-random sample: exp arguments in [-20, 20] (the range
    /// softmax and activations see), log arguments log-uniform in [1e-6, 1e6].</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12345);
        (_expInput, _expStart) = AllocateAligned();
        (_logInput, _logStart) = AllocateAligned();
        (_output, _outputStart) = AllocateAligned();
        for (int i = 0; i < Length; i++)
        {
            _expInput[_expStart + i] = (float)(random.NextDouble() * 40.0 - 20.0);
            _logInput[_logStart + i] = (float)Math.Pow(10.0, random.NextDouble() * 12.0 - 6.0);
        }
    }

    /// <summary>BCL exp, widened to double per lane.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Exp")]
    public void Vector256Exp()
    {
        ref float src = ref _expInput[_expStart];
        ref float dst = ref _output[_outputStart];
        for (nuint i = 0; i < Length; i += (nuint)Vector256<float>.Count)
        {
            Vector256.Exp(Vector256.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
        }
    }

    /// <summary>Float-only exp.</summary>
    [Benchmark, BenchmarkCategory("Exp")]
    public void VectorMathExp()
    {
        ref float src = ref _expInput[_expStart];
        ref float dst = ref _output[_outputStart];
        for (nuint i = 0; i < Length; i += (nuint)Vector256<float>.Count)
        {
            VectorMath.Exp(Vector256.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
        }
    }

    /// <summary>The tensor library's span-at-a-time exp.</summary>
    [Benchmark, BenchmarkCategory("Exp")]
    public void TensorPrimitivesExp() =>
        TensorPrimitives.Exp(_expInput.AsSpan(_expStart, Length), _output.AsSpan(_outputStart, Length));

    /// <summary>BCL log.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Log")]
    public void Vector256Log()
    {
        ref float src = ref _logInput[_logStart];
        ref float dst = ref _output[_outputStart];
        for (nuint i = 0; i < Length; i += (nuint)Vector256<float>.Count)
        {
            Vector256.Log(Vector256.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
        }
    }

    /// <summary>Float-only log.</summary>
    [Benchmark, BenchmarkCategory("Log")]
    public void VectorMathLog()
    {
        ref float src = ref _logInput[_logStart];
        ref float dst = ref _output[_outputStart];
        for (nuint i = 0; i < Length; i += (nuint)Vector256<float>.Count)
        {
            VectorMath.Log(Vector256.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
        }
    }

    /// <summary>The tensor library's span-at-a-time log.</summary>
    [Benchmark, BenchmarkCategory("Log")]
    public void TensorPrimitivesLog() =>
        TensorPrimitives.Log(_logInput.AsSpan(_logStart, Length), _output.AsSpan(_outputStart, Length));

    /// <summary>A pinned array (the pinned heap never moves it) and the index of its first 64-byte-aligned
    /// element.</summary>
    private static (float[] Array, int Start) AllocateAligned()
    {
        float[] array = GC.AllocateArray<float>(Length + AlignmentFloats, pinned: true);
        GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            long address = handle.AddrOfPinnedObject().ToInt64();
            int misalignment = (int)(address & (AlignmentFloats * sizeof(float) - 1));
            return (array, misalignment == 0 ? 0 : (AlignmentFloats * sizeof(float) - misalignment) / sizeof(float));
        }
        finally
        {
            handle.Free();
        }
    }
}
