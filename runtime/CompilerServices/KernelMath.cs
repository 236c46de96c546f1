using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

/// <summary>
/// Small vector helpers that generated kernels call: horizontal reductions, merging running max/sum
/// accumulators, masks and one-hot vectors. Public because generated code lives in user assemblies.
/// </summary>
// Support code of generated kernels: public only because generated code lives in user assemblies, and hidden
// from IntelliSense because it is not an API to call directly (its members may change with the generator).
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class KernelMath
{
    private static readonly Vector256<int> s_laneIndex = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);

    /// <summary>The largest of the eight lanes (NaN if any lane is NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HorizontalMax(Vector256<float> v)
    {
        var half = Max(v.GetLower(), v.GetUpper());
        half = Max(half, Vector128.Shuffle(half, Vector128.Create(2, 3, 0, 1)));
        half = Max(half, Vector128.Shuffle(half, Vector128.Create(1, 0, 3, 2)));
        return half.ToScalar();
    }

    /// <summary>The smallest of the eight lanes (NaN if any lane is NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HorizontalMin(Vector256<float> v)
    {
        var half = Min(v.GetLower(), v.GetUpper());
        half = Min(half, Vector128.Shuffle(half, Vector128.Create(2, 3, 0, 1)));
        half = Min(half, Vector128.Shuffle(half, Vector128.Create(1, 0, 3, 2)));
        return half.ToScalar();
    }

    /// <summary>
    /// Merges running (max, sum of exp(v - max)) accumulator <paramref name="max"/>/<paramref name="sum"/>
    /// with <paramref name="otherMax"/>/<paramref name="otherSum"/>, lane by lane: both sums are rescaled to the larger max.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MergeRunningMaxSum(ref Vector256<float> max, ref Vector256<float> sum, Vector256<float> otherMax, Vector256<float> otherSum)
    {
        var merged = Max(max, otherMax);
        sum = sum * VectorMath.Exp(max - merged) + otherSum * VectorMath.Exp(otherMax - merged);
        max = merged;
    }

    /// <summary>Reduces a running (max, sum of exp(v - max)) accumulator across its lanes to one max and one sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (float Max, float Sum) ReduceRunningMaxSum(Vector256<float> max, Vector256<float> sum)
    {
        float m = HorizontalMax(max);
        return (m, Vector256.Sum(sum * VectorMath.Exp(max - Vector256.Create(m))));
    }

    /// <summary>1 in the lane whose element index (<paramref name="start"/> + lane) equals <paramref name="label"/>, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> OneHot(int start, int label)
        => Vector256.Equals(Vector256.Create(label - start), s_laneIndex).AsSingle() & Vector256<float>.One;

    /// <summary>1 where <paramref name="a"/> &gt;= <paramref name="b"/>, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GreaterOrEqualMask(Vector256<float> a, Vector256<float> b)
        => Vector256.GreaterThanOrEqual(a, b) & Vector256<float>.One;

    /// <summary>
    /// 1 where <paramref name="a"/> &gt; <paramref name="b"/>, 1/2 where they are equal, else 0: the share of the
    /// gradient of max(a, b) that goes to a (a tie is split evenly between the two).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> StepMask(Vector256<float> a, Vector256<float> b)
        => (Vector256.GreaterThan(a, b) & Vector256<float>.One) + (Vector256.Equals(a, b) & Vector256.Create(0.5f));

    /// <summary>1 where <paramref name="a"/> == <paramref name="b"/>, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> EqualMask(Vector256<float> a, Vector256<float> b)
        => Vector256.Equals(a, b) & Vector256<float>.One;

    /// <summary>-1, 0 or 1 per lane (0 for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sign(Vector256<float> v)
        => (Vector256.GreaterThan(v, Vector256<float>.Zero) & Vector256<float>.One) - (Vector256.LessThan(v, Vector256<float>.Zero) & Vector256<float>.One);

    /// <summary>-1, 0 or 1 (0 for NaN, where <see cref="MathF.Sign(float)"/> throws); the same as one lane of the vector form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sign(float v) => v > 0f ? 1f : v < 0f ? -1f : 0f;

    /// <summary><paramref name="v"/> squared, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Square(Vector256<float> v) => v * v;

    /// <summary><paramref name="v"/> squared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Square(float v) => v * v;
}
