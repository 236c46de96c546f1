using System;
using System.Linq;
using System.Runtime.Intrinsics;
using KernelGen.CompilerServices;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>
/// The eight-rows driver runs the same operators as the row driver, over tiles: each lane's reduction is its own
/// row's, a write lands in its own row, and a vector the rows share reaches every lane.
/// </summary>
public sealed class RowLanesRunTests
{
    private static float[] Rows(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, RowLanes.Count * length).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(16)]
    public void Each_lane_reduces_its_own_row(int length)
    {
        float[] rows = Rows(length, length);
        float[] tile = new float[RowLanes.Count * length];
        RowLanes.ToTile(rows, length, tile);
        var sums = RowLanes.Run<SumOperator, SumAccumulator>(new(), new(tile), length).Lanes;
        var maxes = RowLanes.Run<MaxMinOperator, Accumulators<MaxAccumulator, MinAccumulator>>(new(), new(tile), length).First.Lanes;
        for (int lane = 0; lane < RowLanes.Count; lane++)
        {
            var row = rows.Skip(lane * length).Take(length).ToArray();
            Assert.Equal(row.Sum(v => (double)v), sums.GetElement(lane), 1e-5 * (row.Sum(v => Math.Abs((double)v)) + 1));
            Assert.Equal(row.Max(), maxes.GetElement(lane));
        }
    }

    [Fact]
    public void A_write_with_a_scalar_per_row_lands_in_each_row()
    {
        const int length = 10;
        float[] rows = Rows(length, 3);
        float[] tile = new float[RowLanes.Count * length], outTile = new float[RowLanes.Count * length], output = new float[RowLanes.Count * length];
        RowLanes.ToTile(rows, length, tile);
        var shifts = System.Runtime.Intrinsics.Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        RowLanes.Run<ScaledExpOperator, NoAccumulator>(new(shifts, 2f), new(tile, outTile), length);
        RowLanes.FromTile(outTile, length, output);
        for (int lane = 0; lane < RowLanes.Count; lane++)
            for (int j = 0; j < length; j++)
            {
                double expected = 2 * Math.Exp((double)(rows[lane * length + j] - lane));
                Assert.Equal(expected, output[lane * length + j], 3e-7 * expected);
            }
    }

    [Fact]
    public void A_shared_vector_reaches_every_lane_and_lane_sums_add_into_a_shared_gradient()
    {
        float[] shared = [1f, 2f, 3f];
        float[] tile = new float[RowLanes.Count * 3];
        RowLanes.ToBroadcastTile(shared, 3, tile);
        for (int j = 0; j < 3; j++)
            for (int lane = 0; lane < RowLanes.Count; lane++) Assert.Equal(shared[j], tile[RowLanes.Count * j + lane]);
        float[] gradient = [10f, 20f, 30f];
        RowLanes.AddLaneSums(tile, 3, gradient);
        Assert.Equal([18f, 36f, 54f], gradient);
    }
}
