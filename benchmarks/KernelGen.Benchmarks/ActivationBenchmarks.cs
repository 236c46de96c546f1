using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KernelGen.CompilerServices;

namespace KernelGen.Benchmarks;

/// <summary>
/// Throughput of <see cref="VectorMath"/>'s log1p, expm1, tanh, sigmoid and softplus against
/// <see cref="TensorPrimitives"/> (the baseline of each category; softplus has none there, so its baseline is a
/// scalar <see cref="MathF"/> loop). Each benchmark maps a 4096-float array into another, eight lanes at a time,
/// as <see cref="ExpLogBenchmarks"/> does.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ActivationBenchmarks : ISmokeCheck
{
    private const int Length = 4096;

    private Memory<float> _input;
    private Memory<float> _log1pInput;
    private Memory<float> _output;

    /// <summary>A fixed pseudo-random sample: arguments in [-20, 20] (the range activations see), and log1p
    /// arguments in [-0.99, 100).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(BenchmarkData.Seed);
        _input = BenchmarkData.Uniform(random, Length, -20f, 20f);
        _log1pInput = BenchmarkData.Uniform(random, Length, -0.99f, 100f);
        _output = BenchmarkData.Aligned(Length);
    }

    IEnumerable<Memory<float>> ISmokeCheck.Outputs() => new[] { _output };

    /// <summary>The tensor library's log1p.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Log1p")]
    public void TensorPrimitivesLog1p() => TensorPrimitives.LogP1<float>(_log1pInput.Span, _output.Span);

    /// <summary>Float-only log1p.</summary>
    [Benchmark, BenchmarkCategory("Log1p")]
    public void VectorMathLog1p() => Map<Log1pFunction>(_log1pInput);

    /// <summary>The tensor library's expm1.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Expm1")]
    public void TensorPrimitivesExpm1() => TensorPrimitives.ExpM1<float>(_input.Span, _output.Span);

    /// <summary>Float-only expm1.</summary>
    [Benchmark, BenchmarkCategory("Expm1")]
    public void VectorMathExpm1() => Map<Expm1Function>(_input);

    /// <summary>The tensor library's tanh.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Tanh")]
    public void TensorPrimitivesTanh() => TensorPrimitives.Tanh<float>(_input.Span, _output.Span);

    /// <summary>Float-only tanh.</summary>
    [Benchmark, BenchmarkCategory("Tanh")]
    public void VectorMathTanh() => Map<TanhFunction>(_input);

    /// <summary>The tensor library's sigmoid.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Sigmoid")]
    public void TensorPrimitivesSigmoid() => TensorPrimitives.Sigmoid<float>(_input.Span, _output.Span);

    /// <summary>Float-only sigmoid.</summary>
    [Benchmark, BenchmarkCategory("Sigmoid")]
    public void VectorMathSigmoid() => Map<SigmoidFunction>(_input);

    /// <summary>The stable softplus formula, one float at a time with <see cref="MathF"/>.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Softplus")]
    public void MathFSoftplus()
    {
        ReadOnlySpan<float> src = _input.Span;
        Span<float> dst = _output.Span;
        for (int i = 0; i < src.Length; i++)
        {
            float x = src[i];
            dst[i] = MathF.Max(x, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));
        }
    }

    /// <summary>Float-only softplus.</summary>
    [Benchmark, BenchmarkCategory("Softplus")]
    public void VectorMathSoftplus() => Map<SoftplusFunction>(_input);

    /// <summary>The loop of a generated kernel's body. The function is a type argument rather than a delegate:
    /// for a struct the JIT compiles the loop once per function and inlines the call, as in a kernel.</summary>
    private void Map<TFunction>(Memory<float> input)
        where TFunction : struct, IVectorFunction
    {
        ref float src = ref input.Span[0];
        ref float dst = ref _output.Span[0];
        for (nuint i = 0; i < Length; i += (nuint)Vector256<float>.Count)
        {
            TFunction.Apply(Vector256.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
        }
    }

    private interface IVectorFunction
    {
        static abstract Vector256<float> Apply(Vector256<float> x);
    }

    private readonly struct Log1pFunction : IVectorFunction
    {
        public static Vector256<float> Apply(Vector256<float> x) => VectorMath.Log1p(x);
    }

    private readonly struct Expm1Function : IVectorFunction
    {
        public static Vector256<float> Apply(Vector256<float> x) => VectorMath.Expm1(x);
    }

    private readonly struct TanhFunction : IVectorFunction
    {
        public static Vector256<float> Apply(Vector256<float> x) => VectorMath.Tanh(x);
    }

    private readonly struct SigmoidFunction : IVectorFunction
    {
        public static Vector256<float> Apply(Vector256<float> x) => VectorMath.Sigmoid(x);
    }

    private readonly struct SoftplusFunction : IVectorFunction
    {
        public static Vector256<float> Apply(Vector256<float> x) => VectorMath.Softplus(x);
    }
}
