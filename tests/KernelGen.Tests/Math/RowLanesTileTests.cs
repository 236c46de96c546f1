using System;
using System.Linq;
using Xunit;
using KernelGen.CompilerServices;

namespace KernelGen.Tests.Numerics;

/// <summary>
/// <see cref="RowLanes.ToTile"/> and <see cref="RowLanes.FromTile"/> against their definition
/// (tile[8 * j + lane] = rows[lane * length + j]), for lengths below one block of eight (element by element),
/// whole blocks, and lengths whose last block overlaps the one before.
/// </summary>
public sealed class RowLanesTileTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(21)]
    public void ToTile_puts_element_j_of_each_row_in_its_lane_and_FromTile_undoes_it(int length)
    {
        var rows = Enumerable.Range(0, RowLanes.Count * length).Select(i => (float)i + 0.25f).ToArray();
        var tile = new float[RowLanes.Count * length];

        RowLanes.ToTile(rows, length, tile);
        for (int lane = 0; lane < RowLanes.Count; lane++)
            for (int j = 0; j < length; j++)
                Assert.Equal(rows[lane * length + j], tile[RowLanes.Count * j + lane]);

        var back = new float[rows.Length];
        RowLanes.FromTile(tile, length, back);
        Assert.Equal(rows, back);
    }
}
