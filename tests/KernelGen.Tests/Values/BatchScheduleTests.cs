using System;
using System.Linq;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Values;

/// <summary>
/// The batch schedule of kernels with a matrix: w * x of every row in one matrix product before the rows, and
/// dw += Σ g xᵀ in one after them. Checked against float64 oracles for the value and the analytic gradients
/// (softmax - onehot), for batch sizes that leave an odd row and shapes that leave short register tiles.
/// </summary>
public sealed class BatchScheduleTests
{
    [Theory]
    [InlineData(1, 13, 4)]
    [InlineData(2, 16, 5)]
    [InlineData(3, 37, 7)]
    [InlineData(7, 8, 10)]
    [InlineData(64, 100, 13)]
    public void Runtime_sized_linear_cross_entropy_batch_matches_the_oracle(int rows, int features, int classes)
    {
        var random = new Random(rows * 31 + features * 7 + classes);
        var x = TestData.Normal(random, rows * features);
        var w = TestData.Normal(random, classes * features, 0.3);
        var b = TestData.Normal(random, classes, 0.3);
        var y = Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();

        var forward = new float[rows];
        CatalogKernels.LinearCrossEntropyKernel.ForwardBatch(rows, x, w, b, y, forward);
        var values = new float[rows];
        var dx = new float[x.Length];
        var dw = new float[w.Length];
        var db = new float[b.Length];
        float scale = 1f / rows;
        CatalogKernels.LinearCrossEntropyKernel.ForwardBackwardBatch(rows, x, w, b, y, scale, values, dx, dw, db);

        AssertMatchesOracle(rows, features, classes, x, w, b, y, scale, forward, values, dx, dw, db);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(256)]
    public void Fixed_size_mnist_shaped_batch_matches_the_oracle(int rows)
    {
        const int features = 784, classes = 10;
        var random = new Random(rows);
        var x = Enumerable.Range(0, rows * features).Select(_ => (float)random.NextDouble()).ToArray();
        var w = TestData.Normal(random, classes * features, 0.05);
        var b = TestData.Normal(random, classes, 0.3);
        var y = Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();

        var forward = new float[rows];
        CatalogKernels.FixedSizeLinearCrossEntropyKernel.ForwardBatch(rows, x, w, b, y, forward);
        var values = new float[rows];
        var dw = new float[w.Length];
        var db = new float[b.Length];
        float scale = 1f / rows;
        CatalogKernels.FixedSizeLinearCrossEntropyKernel.ForwardBackwardBatch(rows, x, w, b, y, scale, values, dw, db);

        AssertMatchesOracle(rows, features, classes, x, w, b, y, scale, forward, values, dx: null, dw, db);
    }

    private static void AssertMatchesOracle(int rows, int features, int classes, float[] x, float[] w, float[] b, int[] y, float scale,
        float[] forward, float[] values, float[]? dx, float[] dw, float[] db)
    {
        double[] wd = Oracle.ToDouble(w), bd = Oracle.ToDouble(b);
        var expectedDw = new double[w.Length];
        var expectedDb = new double[classes];
        for (int r = 0; r < rows; r++)
        {
            var xr = Oracle.ToDouble(x.AsSpan(r * features, features).ToArray());
            double value = Oracle.LinearCrossEntropy(xr, wd, bd, y[r]);
            Assert.True(Math.Abs(forward[r] - value) <= 1e-5 * (1 + Math.Abs(value)), $"row {r} forward: {forward[r]} against {value}");
            Assert.True(Math.Abs(values[r] - value) <= 1e-5 * (1 + Math.Abs(value)), $"row {r} fused value: {values[r]} against {value}");

            // d/dz of cross-entropy is softmax(z) - onehot(y); through z = w x + b it is g xᵀ for w, g for b and wᵀ g for x.
            var g = Oracle.Softmax(Oracle.Linear(xr, wd, bd));
            g[y[r]] -= 1;
            for (int c = 0; c < classes; c++)
            {
                expectedDb[c] += scale * g[c];
                for (int k = 0; k < features; k++) expectedDw[c * features + k] += scale * g[c] * xr[k];
            }
            if (dx is null) continue;
            for (int k = 0; k < features; k++)
            {
                double expected = 0;
                for (int c = 0; c < classes; c++) expected += scale * g[c] * wd[c * features + k];
                Assert.True(Math.Abs(dx[r * features + k] - expected) <= 1e-5 * scale, $"dx[{r}, {k}]: {dx[r * features + k]} against {expected}");
            }
        }
        for (int i = 0; i < dw.Length; i++)
            Assert.True(Math.Abs(dw[i] - expectedDw[i]) <= 2e-6, $"dw[{i}]: {dw[i]} against {expectedDw[i]}");
        for (int c = 0; c < classes; c++)
            Assert.True(Math.Abs(db[c] - expectedDb[c]) <= 2e-6, $"db[{c}]: {db[c]} against {expectedDb[c]}");
    }
}
