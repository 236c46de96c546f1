using System;
using System.Linq;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Values;

/// <summary>
/// The contract of the generated entry points: batches equal rows computed one by one, shared gradients are
/// summed over the rows and scaled by gradScale, and bad arguments are rejected with messages that name them.
/// </summary>
public sealed class EntryPointContractTests
{
    [Fact]
    public void Batched_forward_equals_row_by_row_forward_exactly()
    {
        var random = new Random(31);
        const int rows = 7, n = 37;
        var z = TestData.Normal(random, rows * n);
        var y = Enumerable.Range(0, rows).Select(_ => random.Next(n)).ToArray();
        var values = new float[rows];
        CatalogKernels.CrossEntropyKernel.ForwardBatch(rows, z, y, values);
        var softmax = new float[rows * n];
        CatalogKernels.SoftmaxKernel.ForwardBatch(rows, z, softmax);
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(CatalogKernels.CrossEntropyKernel.Forward(z.AsSpan(r * n, n), y[r]), values[r]);
            var row = new float[n];
            CatalogKernels.SoftmaxKernel.Forward(z.AsSpan(r * n, n), row);
            Assert.Equal(row, softmax.AsSpan(r * n, n).ToArray());
        }
    }

    [Fact]
    public void Batched_backward_sums_shared_gradients_scaled_by_gradScale_and_keeps_per_row_gradients()
    {
        var random = new Random(32);
        const int rows = 5, features = 13, classes = 4;
        var x = TestData.Normal(random, rows * features);
        var w = TestData.Normal(random, classes * features, 0.3);
        var b = TestData.Normal(random, classes, 0.3);
        var y = Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();
        var values = new float[rows];
        var dx = new float[x.Length];
        var dw = Enumerable.Repeat(99f, w.Length).ToArray(); // overwritten, not added to
        var db = Enumerable.Repeat(99f, b.Length).ToArray();
        const float scale = 1f / rows;
        CatalogKernels.LinearCrossEntropyKernel.ForwardBackwardBatch(rows, x, w, b, y, scale, values, dx, dw, db);

        var expectedDw = new double[w.Length];
        var expectedDb = new double[b.Length];
        for (int r = 0; r < rows; r++)
        {
            var rowDx = new float[features];
            var rowDw = new float[w.Length];
            var rowDb = new float[classes];
            float value = CatalogKernels.LinearCrossEntropyKernel.ForwardBackward(x.AsSpan(r * features, features), w, b, y[r], rowDx, rowDw, rowDb);
            Assert.Equal(value, values[r], 6);
            for (int i = 0; i < features; i++) Assert.Equal(rowDx[i] * scale, dx[r * features + i], 6);
            for (int i = 0; i < w.Length; i++) expectedDw[i] += rowDw[i] * scale;
            for (int i = 0; i < classes; i++) expectedDb[i] += rowDb[i] * scale;
        }
        // A tolerance, not decimal places: rounding both sides to 5 places can split values 1e-7 apart.
        // The batch adds each row's outer product in its own order (a matrix product), so the last bits may differ.
        for (int i = 0; i < w.Length; i++) Assert.Equal(expectedDw[i], dw[i], 2e-6);
        for (int i = 0; i < classes; i++) Assert.Equal(expectedDb[i], db[i], 2e-6);
    }

    [Fact]
    public void Fixed_size_kernel_matches_the_runtime_sized_one_and_rejects_other_sizes()
    {
        var random = new Random(33);
        var x = TestData.Normal(random, 784, 1);
        var w = TestData.Normal(random, 7840, 0.05);
        var b = TestData.Normal(random, 10, 0.1);
        var (dx1, dw1, db1) = (new float[784], new float[7840], new float[10]);
        var (dx2, dw2, db2) = (new float[784], new float[7840], new float[10]);
        // x is [NoGradient] in the fixed-size kernel: no dx argument, no dx computed.
        float fixedSize = CatalogKernels.FixedSizeLinearCrossEntropyKernel.ForwardBackward(x, w, b, 3, dw1, db1);
        float runtime = CatalogKernels.LinearCrossEntropyKernel.ForwardBackward(x, w, b, 3, dx2, dw2, db2);
        Assert.Equal(runtime, fixedSize, 5);
        Assert.Equal(Oracle.LinearCrossEntropy(Oracle.ToDouble(x), Oracle.ToDouble(w), Oracle.ToDouble(b), 3), fixedSize, 5);
        // The two kernels sum in different orders (one accumulator per row against four per row): equal to float rounding.
        for (int i = 0; i < dw1.Length; i++) Assert.True(Math.Abs(dw2[i] - dw1[i]) <= 1e-6, $"dw[{i}]: {dw1[i]} vs {dw2[i]}");
        for (int i = 0; i < db1.Length; i++) Assert.True(Math.Abs(db2[i] - db1[i]) <= 1e-6, $"db[{i}]: {db1[i]} vs {db2[i]}");
        Assert.All(dx1, v => Assert.Equal(0f, v));

        var error = Assert.Throws<ArgumentException>(() => CatalogKernels.FixedSizeLinearCrossEntropyKernel.Forward(new float[783], w, b, 3));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("783", error.Message);
        Assert.Contains("784", error.Message);
    }

    [Fact]
    public void Mismatched_lengths_name_the_argument()
    {
        var error = Assert.Throws<ArgumentException>(() => CatalogKernels.MeanSquaredErrorKernel.Forward(new float[5], new float[4]));
        Assert.Equal("target", error.ParamName);
        Assert.Contains("4", error.Message);

        var resultError = Assert.Throws<ArgumentException>(() => CatalogKernels.SoftmaxKernel.Forward(new float[5], new float[3]));
        Assert.Equal("result", resultError.ParamName);

        var gradientError = Assert.Throws<ArgumentException>(() => CatalogKernels.CrossEntropyKernel.ForwardBackward(new float[5], 1, new float[6]));
        Assert.Equal("dz", gradientError.ParamName);
    }

    [Fact]
    public void Labels_out_of_range_are_rejected_before_any_output_is_written()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CatalogKernels.CrossEntropyKernel.Forward(new float[5], 5));
        Assert.Equal("y", error.ParamName);
        Assert.Contains("[0, 5)", error.Message);

        var values = new float[] { -1, -1 };
        var batchError = Assert.Throws<ArgumentOutOfRangeException>(() => CatalogKernels.CrossEntropyKernel.ForwardBatch(2, new float[10], new[] { 0, -3 }, values));
        Assert.Contains("Row 1", batchError.Message);
        Assert.Equal(new float[] { -1, -1 }, values);
    }

    [Fact]
    public void Batches_reject_a_row_count_that_does_not_divide_the_input_and_empty_rows()
    {
        var error = Assert.Throws<ArgumentException>(() => CatalogKernels.SoftmaxKernel.ForwardBatch(3, new float[10], new float[10]));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("3 rows", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CatalogKernels.SoftmaxKernel.ForwardBatch(0, new float[0], new float[0]));
        var empty = Assert.Throws<ArgumentException>(() => CatalogKernels.SoftmaxKernel.Forward(new float[0], new float[0]));
        Assert.Contains("empty", empty.Message);
    }
}
