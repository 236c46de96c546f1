using System;
using KernelGen.Tests.Infrastructure;
using Xunit;
using KernelGen.CompilerServices;

namespace KernelGen.Tests.Numerics;

/// <summary>
/// <see cref="MatrixProducts"/> against double-precision loops, over shapes that exercise every edge of the
/// register tiles: four-row groups and an odd last row, a short last tile of rows of w (1 to 4 of 5), column
/// counts with and without a tail after the blocks of 32, 16 and 8.
/// </summary>
public sealed class MatrixProductsTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int rows in new[] { 1, 2, 3, 4, 7, 9 })
            foreach (int wRows in new[] { 1, 4, 5, 6, 10, 13 })
                foreach (int columns in new[] { 1, 7, 8, 16, 23, 37, 57 })
                    data.Add(rows, wRows, columns);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyTransposed_gives_each_row_times_each_row_of_w(int rows, int wRows, int columns)
    {
        var random = new Random(rows * 1000 + wRows * 100 + columns);
        var x = TestData.Normal(random, rows * columns);
        var w = TestData.Normal(random, wRows * columns);
        var product = new float[rows * wRows];
        Array.Fill(product, float.NaN); // every element must be written

        MatrixProducts.MultiplyTransposed(x, w, product, rows, columns, wRows);

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < wRows; c++)
            {
                double expected = 0, magnitude = 0;
                for (int k = 0; k < columns; k++)
                {
                    expected += (double)x[r * columns + k] * w[c * columns + k];
                    magnitude += Math.Abs((double)x[r * columns + k] * w[c * columns + k]);
                }
                Assert.True(Math.Abs(product[r * wRows + c] - expected) <= 1e-6 * magnitude + 1e-30,
                    $"row {r}, w row {c}: {product[r * wRows + c]} against {expected}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddTransposedProduct_adds_every_rows_outer_product(int rows, int wRows, int columns)
    {
        var random = new Random(rows * 1000 + wRows * 100 + columns + 1);
        var g = TestData.Normal(random, rows * wRows);
        var x = TestData.Normal(random, rows * columns);
        var start = TestData.Normal(random, wRows * columns);
        var dw = (float[])start.Clone();

        MatrixProducts.AddTransposedProduct(g, x, dw, rows, wRows, columns);

        for (int c = 0; c < wRows; c++)
        {
            for (int k = 0; k < columns; k++)
            {
                double expected = start[c * columns + k], magnitude = Math.Abs(expected);
                for (int r = 0; r < rows; r++)
                {
                    expected += (double)g[r * wRows + c] * x[r * columns + k];
                    magnitude += Math.Abs((double)g[r * wRows + c] * x[r * columns + k]);
                }
                Assert.True(Math.Abs(dw[c * columns + k] - expected) <= 1e-6 * magnitude + 1e-30,
                    $"dw[{c}, {k}]: {dw[c * columns + k]} against {expected}");
            }
        }
    }

    [Fact]
    public void Shapes_that_do_not_match_the_spans_are_rejected_with_the_span_named()
    {
        var error = Assert.Throws<ArgumentException>(() => MatrixProducts.MultiplyTransposed(new float[6], new float[9], new float[4], 2, 3, 2));
        Assert.Equal("b", error.ParamName);
        Assert.Contains("a 2 x 3 matrix needs 6", error.Message);
        error = Assert.Throws<ArgumentException>(() => MatrixProducts.AddTransposedProduct(new float[4], new float[6], new float[5], 2, 2, 3));
        Assert.Equal("dw", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixProducts.MultiplyTransposed(new float[0], new float[0], new float[0], 0, 3, 2));
    }
}
