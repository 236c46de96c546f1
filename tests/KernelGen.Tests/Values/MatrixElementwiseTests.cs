using System;
using System.Linq;
using KernelGen.Tests.Catalog;
using KernelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Values;

/// <summary>
/// Kernels that read a Mat element by element (an L2 penalty, reductions of the weights) besides w * x: values and
/// the gradient of every input against the float64 oracle and central differences, for single rows and batches.
/// In a batch, the penalty's gradient is added by every row (it is part of each row's loss), scaled like the rest.
/// </summary>
public sealed class MatrixElementwiseTests
{
    private readonly ITestOutputHelper _output;

    public MatrixElementwiseTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(1, 2, 1.0)]
    [InlineData(7, 3, 1.0)]
    [InlineData(33, 10, 1.0)]
    [InlineData(100, 17, 1.0)]
    // Adversarial: logits in the hundreds and thousands, far past where a naive softmax overflows.
    [InlineData(7, 3, 300.0)]
    [InlineData(33, 10, 3000.0)]
    public void L2_penalized_linear_cross_entropy_matches_the_oracle_and_finite_differences(int features, int classes, double inputScale)
    {
        var random = new Random(features * 31 + classes);
        var x = TestData.Normal(random, features, inputScale);
        var w = TestData.Normal(random, features * classes, 0.3);
        var b = TestData.Normal(random, classes, 0.1);
        int y = random.Next(classes);
        const float decay = 0.05f;
        var (dx, dw, db) = (new float[features], new float[w.Length], new float[classes]);
        float value = TextbookKernels.L2PenalizedLinearCrossEntropyKernel.ForwardBackward(x, w, b, y, decay, dx, dw, db, out float ddecay);
        var (xd, wd, bd) = (Oracle.ToDouble(x), Oracle.ToDouble(w), Oracle.ToDouble(b));

        double expected = TextbookOracle.L2PenalizedLinearCrossEntropy(xd, wd, bd, y, decay);
        Assert.True(Math.Abs(value - expected) <= 1e-5 * Math.Abs(expected) + 1e-6, $"{value} vs {expected}");
        float forward = TextbookKernels.L2PenalizedLinearCrossEntropyKernel.Forward(x, w, b, y, decay);
        Assert.True(Math.Abs(forward - expected) <= 1e-5 * Math.Abs(expected) + 1e-6, $"Forward: {forward} vs {expected}");
        double worst = new[]
        {
            GradientCheck.AssertClose(dx, Oracle.Gradient(v => TextbookOracle.L2PenalizedLinearCrossEntropy(v, wd, bd, y, decay), xd), "dx"),
            GradientCheck.AssertClose(dw, Oracle.Gradient(v => TextbookOracle.L2PenalizedLinearCrossEntropy(xd, v, bd, y, decay), wd), "dw"),
            GradientCheck.AssertClose(db, Oracle.Gradient(v => TextbookOracle.L2PenalizedLinearCrossEntropy(xd, wd, v, y, decay), bd), "db"),
            GradientCheck.AssertClose(new[] { ddecay }, new[] { 0.5 * wd.Sum(v => v * v) }, "ddecay"),
        }.Max();
        _output.WriteLine($"{features} x {classes}: worst relative gradient error {worst:E2}");
    }

    [Fact]
    public void A_batch_adds_every_rows_gradient_including_the_penalty()
    {
        var random = new Random(5);
        const int rows = 9, features = 20, classes = 10;
        const float decay = 0.1f, gradScale = 1f / rows;
        var x = TestData.Normal(random, rows * features, 1);
        var w = TestData.Normal(random, features * classes, 0.3);
        var b = TestData.Normal(random, classes, 0.1);
        var y = Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();
        var (values, dx, dw, db) = (new float[rows], new float[x.Length], new float[w.Length], new float[classes]);
        TextbookKernels.L2PenalizedLinearCrossEntropyKernel.ForwardBackwardBatch(rows, x, w, b, y, decay, gradScale, values, dx, dw, db, out float ddecay);

        var expectedDw = new double[w.Length];
        var expectedDb = new double[classes];
        double expectedDdecay = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * features, features).ToArray();
            var (rowDx, rowDw, rowDb) = (new float[features], new float[w.Length], new float[classes]);
            float value = TextbookKernels.L2PenalizedLinearCrossEntropyKernel.ForwardBackward(row, w, b, y[r], decay, rowDx, rowDw, rowDb, out float rowDdecay);
            Assert.True(Math.Abs(value - values[r]) <= 1e-5 * Math.Abs(value), $"row {r}: {values[r]} vs {value}");
            for (int i = 0; i < features; i++)
                Assert.True(Math.Abs(rowDx[i] * gradScale - dx[r * features + i]) <= 1e-7, $"dx[{r}, {i}] = {dx[r * features + i]} vs {rowDx[i] * gradScale}");
            for (int i = 0; i < w.Length; i++) expectedDw[i] += gradScale * rowDw[i];
            for (int i = 0; i < classes; i++) expectedDb[i] += gradScale * rowDb[i];
            expectedDdecay += gradScale * rowDdecay;
        }
        for (int i = 0; i < w.Length; i++) Assert.True(Math.Abs(dw[i] - expectedDw[i]) <= 1e-6, $"dw[{i}] = {dw[i]} vs {expectedDw[i]}");
        for (int i = 0; i < classes; i++) Assert.True(Math.Abs(db[i] - expectedDb[i]) <= 1e-6, $"db[{i}] = {db[i]} vs {expectedDb[i]}");
        Assert.True(Math.Abs(expectedDdecay - ddecay) <= 1e-5 * Math.Abs(expectedDdecay), $"ddecay = {ddecay} vs {expectedDdecay}");
    }

    [Fact]
    public void Reductions_and_activations_of_a_matrix_match_the_oracle()
    {
        var random = new Random(11);
        foreach (var (features, outputs) in new[] { (1, 1), (5, 3), (40, 9) })
        {
            var x = TestData.Normal(random, features, 1);
            var w = TestData.Normal(random, features * outputs, 1);
            var (dx, dw) = (new float[features], new float[w.Length]);
            float value = TextbookKernels.WeightStatisticsKernel.ForwardBackward(x, w, dx, dw);
            var (xd, wd) = (Oracle.ToDouble(x), Oracle.ToDouble(w));
            double expected = TextbookOracle.WeightStatistics(xd, wd);
            Assert.True(Math.Abs(value - expected) <= 1e-5 * Math.Abs(expected) + 1e-6, $"{value} vs {expected}");
            GradientCheck.AssertClose(dx, Oracle.Gradient(v => TextbookOracle.WeightStatistics(v, wd), xd), "dx");
            GradientCheck.AssertClose(dw, Oracle.Gradient(v => TextbookOracle.WeightStatistics(xd, v), wd), "dw");
        }
    }
}
