using System;
using System.Runtime.Intrinsics;
using Xunit;
using KernelGen.CompilerServices;

namespace KernelGen.Tests.Numerics;

/// <summary>
/// <see cref="VectorMath.LogAddExp(Vector256{float}, Vector256{float})"/> against log(e^a + e^b) in double (within 2 ulp
/// of the larger of the result and max(a, b), plus what the rounding of a - b does to the small term), on pairs
/// from -1e4 to 1e4 (gaps from 0 to past where the smaller term vanishes, around the exp thresholds), with its
/// special values; every lane equals the scalar overload bit for bit.
/// </summary>
public sealed class LogAddExpTests
{
    [Fact]
    public void Pairs_are_within_two_ulp_of_the_double_result_or_the_max_and_lanes_match_the_scalar()
    {
        var random = new Random(17);
        double[] scales = { 1e-3, 1, 30, 90, 110, 1e4 };
        int checkedPairs = 0;
        var a = new float[8];
        var b = new float[8];
        for (int k = 0; k < 250_000; k++)
        {
            for (int lane = 0; lane < 8; lane++)
            {
                double scale = scales[random.Next(scales.Length)];
                a[lane] = (float)((random.NextDouble() * 2 - 1) * scale);
                // A partner at a small gap, at a large one, or equal.
                b[lane] = random.Next(3) switch
                {
                    0 => a[lane],
                    1 => a[lane] + (float)((random.NextDouble() * 2 - 1) * 20),
                    _ => (float)((random.NextDouble() * 2 - 1) * scale),
                };
            }
            var result = VectorMath.LogAddExp(Vector256.Create(a), Vector256.Create(b));
            for (int lane = 0; lane < 8; lane++)
            {
                float scalar = VectorMath.LogAddExp(a[lane], b[lane]);
                Assert.Equal(BitConverter.SingleToInt32Bits(scalar), BitConverter.SingleToInt32Bits(result[lane]));
                double m = Math.Max(a[lane], b[lane]);
                float expected = (float)(m + Math.Log(Math.Exp(a[lane] - m) + Math.Exp(b[lane] - m)));
                // Two sources of error beyond the final rounding: where max(a, b) and the softplus term nearly cancel
                // (a result near 0 from a max just below 0) it is ulps of the max, not of the small result; and the
                // rounding of the gap a - b (half an ulp of it) moves the small term by that much times its size.
                double term = Math.Abs(expected - m);
                double bound = 2 * Ulp(Math.Max(Math.Abs(expected), Math.Abs((float)m))) + term * Ulp((float)Math.Abs(a[lane] - (double)b[lane]));
                Assert.True(Math.Abs(scalar - (double)expected) <= bound, $"LogAddExp({a[lane]:R}, {b[lane]:R}) = {scalar:R}, expected {expected:R}");
                checkedPairs++;
            }
        }
        Assert.Equal(2_000_000, checkedPairs);
    }

    [Theory]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity)]
    [InlineData(float.PositiveInfinity, 3f, float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity, 3f, 3f)]
    [InlineData(1000f, 1000f, 1000.6931f)]
    [InlineData(-1000f, -1000f, -999.3069f)]
    [InlineData(0f, 0f, 0.6931472f)]
    public void Special_values(float a, float b, float expected)
    {
        Assert.Equal(expected, VectorMath.LogAddExp(a, b), 3);
        Assert.Equal(expected, VectorMath.LogAddExp(Vector256.Create(a), Vector256.Create(b))[0], 3);
    }

    [Fact]
    public void NaN_gives_NaN()
    {
        Assert.True(float.IsNaN(VectorMath.LogAddExp(float.NaN, 1f)));
        Assert.True(float.IsNaN(VectorMath.LogAddExp(Vector256.Create(1f), Vector256.Create(float.NaN))[0]));
    }

    private static double Ulp(float v) => MathF.BitIncrement(MathF.Abs(v)) - (double)MathF.Abs(v);
}
