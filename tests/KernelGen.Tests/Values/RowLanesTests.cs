using System;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Values;

/// <summary>
/// Batches of rows of up to 16 elements run eight rows at a time across the vector lanes (the small-row
/// schedule); the rows left over, and single-row calls, run row by row, which the catalog tests check against
/// the float64 oracle. Every batched result here must agree with the row-by-row one to float accuracy, for
/// every length on both sides of the limit and for batches that are not a multiple of eight.
/// </summary>
public sealed class RowLanesTests
{
    private static readonly int[] RowCounts = { 1, 7, 8, 13, 24 };

    public static readonly TheoryData<int> Lengths = BuildLengths();

    private static TheoryData<int> BuildLengths()
    {
        var data = new TheoryData<int>();
        for (int n = 1; n <= 17; n++) data.Add(n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Softmax_batch_forward_and_backward_agree_with_row_by_row(int n)
    {
        foreach (int rows in RowCounts)
        {
            var random = new Random(rows * 100 + n);
            var x = TestData.Normal(random, rows * n);
            var dy = TestData.Normal(random, rows * n, 1);
            var result = new float[rows * n];
            var dx = new float[rows * n];
            CatalogKernels.SoftmaxKernel.ForwardBatch(rows, x, result);
            var resultFromBackward = new float[rows * n];
            CatalogKernels.SoftmaxKernel.ForwardBackwardBatch(rows, x, dy, resultFromBackward, dx);
            for (int r = 0; r < rows; r++)
            {
                var expected = new float[n];
                var expectedDx = new float[n];
                CatalogKernels.SoftmaxKernel.ForwardBackward(x.AsSpan(r * n, n), dy.AsSpan(r * n, n), expected, expectedDx);
                AssertRelative(expected, result.AsSpan(r * n, n), $"softmax rows={rows} row {r}");
                AssertRelative(expected, resultFromBackward.AsSpan(r * n, n), $"softmax (backward) rows={rows} row {r}");
                AssertAbsolute(expectedDx, dx.AsSpan(r * n, n), $"dx rows={rows} row {r}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void CrossEntropy_batch_values_and_gradient_agree_with_row_by_row(int n)
    {
        foreach (int rows in RowCounts)
        {
            var random = new Random(rows * 100 + n);
            var z = TestData.Normal(random, rows * n);
            var labels = new int[rows];
            for (int r = 0; r < rows; r++) labels[r] = random.Next(n);
            var values = new float[rows];
            var forwardValues = new float[rows];
            var dz = new float[rows * n];
            float gradScale = 1f / rows;
            CatalogKernels.CrossEntropyKernel.ForwardBatch(rows, z, labels, forwardValues);
            CatalogKernels.CrossEntropyKernel.ForwardBackwardBatch(rows, z, labels, gradScale, values, dz);
            for (int r = 0; r < rows; r++)
            {
                var expectedDz = new float[n];
                float expected = CatalogKernels.CrossEntropyKernel.ForwardBackward(z.AsSpan(r * n, n), labels[r], expectedDz);
                for (int j = 0; j < n; j++) expectedDz[j] *= gradScale;
                AssertRelative(new[] { expected }, new[] { values[r] }, $"CE rows={rows} row {r}", floor: 1);
                AssertRelative(new[] { expected }, new[] { forwardValues[r] }, $"CE forward rows={rows} row {r}", floor: 1);
                AssertAbsolute(expectedDz, dz.AsSpan(r * n, n), $"dz rows={rows} row {r}", termScale: gradScale);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void LogSumExp_batch_value_and_shared_temperature_gradient_agree_with_row_by_row(int n)
    {
        foreach (int rows in RowCounts)
        {
            var random = new Random(rows * 100 + n);
            var x = TestData.Normal(random, rows * n);
            const float t = 0.7f;
            var values = new float[rows];
            var dx = new float[rows * n];
            CatalogKernels.LogSumExpWithTemperatureKernel.ForwardBackwardBatch(rows, x, t, 1f, values, dx, out float dt);
            double expectedDt = 0;
            for (int r = 0; r < rows; r++)
            {
                var expectedDx = new float[n];
                float expected = CatalogKernels.LogSumExpWithTemperatureKernel.ForwardBackward(x.AsSpan(r * n, n), t, expectedDx, out float rowDt);
                expectedDt += rowDt;
                AssertRelative(new[] { expected }, new[] { values[r] }, $"LSE rows={rows} row {r}", floor: 1);
                AssertAbsolute(expectedDx, dx.AsSpan(r * n, n), $"dx rows={rows} row {r}");
            }
            Assert.True(Math.Abs(dt - expectedDt) <= 1e-5 * Math.Max(1, Math.Abs(expectedDt)), $"dt rows={rows}: {dt:R} vs {expectedDt:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Two_input_losses_agree_with_row_by_row(int n)
    {
        foreach (int rows in RowCounts)
        {
            var random = new Random(rows * 100 + n);
            var z = TestData.Normal(random, rows * n);
            var target = TestData.Probabilities(random, rows * n);
            var values = new float[rows];
            var dz = new float[rows * n];
            var dTarget = new float[rows * n];
            CatalogKernels.SoftTargetCrossEntropyKernel.ForwardBackwardBatch(rows, z, target, 1f, values, dz, dTarget);
            var mse = new float[rows];
            CatalogKernels.MeanSquaredErrorKernel.ForwardBatch(rows, z, target, mse);
            for (int r = 0; r < rows; r++)
            {
                var expectedDz = new float[n];
                var expectedDTarget = new float[n];
                float expected = CatalogKernels.SoftTargetCrossEntropyKernel.ForwardBackward(z.AsSpan(r * n, n), target.AsSpan(r * n, n), expectedDz, expectedDTarget);
                AssertRelative(new[] { expected }, new[] { values[r] }, $"soft CE rows={rows} row {r}", floor: 1);
                AssertAbsolute(expectedDz, dz.AsSpan(r * n, n), $"dz rows={rows} row {r}");
                AssertAbsolute(expectedDTarget, dTarget.AsSpan(r * n, n), $"dTarget rows={rows} row {r}");
                float expectedMse = CatalogKernels.MeanSquaredErrorKernel.Forward(z.AsSpan(r * n, n), target.AsSpan(r * n, n));
                AssertRelative(new[] { expectedMse }, new[] { mse[r] }, $"MSE rows={rows} row {r}", floor: 1);
            }
        }
    }

    /// <summary>The two schedules sum in different orders: a few float roundings apart.</summary>
    private static void AssertRelative(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double floor = 0)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), floor == 0 ? float.Epsilon : floor);
            Assert.True(error <= 1e-6, $"{what}[{i}]: {actual[i]:R} vs {expected[i]:R} (relative error {error:E2})");
        }
    }

    /// <summary>
    /// Gradients are differences (p - onehot, y * (dy - dot)): each schedule rounds the terms, whose size is
    /// <paramref name="termScale"/> (gradScale for a loss's gradient), before they cancel.
    /// </summary>
    private static void AssertAbsolute(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double termScale = 1)
    {
        double scale = termScale;
        foreach (float v in expected) scale = Math.Max(scale, Math.Abs(v));
        scale = Math.Max(scale, termScale);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= 1e-6 * scale + 1e-12, $"{what}[{i}]: {actual[i]:R} vs {expected[i]:R} (error {error:E2}, scale {scale:E2})");
        }
    }
}
