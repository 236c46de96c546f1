using System;
using System.Numerics.Tensors;

namespace KernelGen.Benchmarks;

/// <summary>
/// The row-by-row softmax forwards the generated kernel is compared with. They live here because the forward,
/// backward and long-row benchmarks all measure the same ones.
/// </summary>
internal static class SoftmaxBaselines
{
    /// <summary>
    /// The textbook softmax (Dive into Deep Learning's, with the max shift every textbook then adds): three loops
    /// over the row, <see cref="MathF.Exp"/> per element, a division per element. What a user writes without a
    /// library; the JIT may vectorize none of it.
    /// </summary>
    public static void NaiveScalar(int rows, int columns, ReadOnlySpan<float> x, Span<float> result)
    {
        for (int r = 0; r < rows; r++)
        {
            int start = r * columns;

            float max = x[start];
            for (int j = 1; j < columns; j++)
            {
                if (x[start + j] > max) max = x[start + j];
            }

            float sum = 0f;
            for (int j = 0; j < columns; j++)
            {
                float e = MathF.Exp(x[start + j] - max);
                result[start + j] = e;
                sum += e;
            }

            for (int j = 0; j < columns; j++)
            {
                result[start + j] /= sum;
            }
        }
    }

    /// <summary>
    /// The library's own softmax, one call per row. It does not subtract the max: exp overflows once an element
    /// passes about 88.7 and the row becomes NaN. Shown because it is what a user finds first; with no max to track
    /// it does less work than any stable softmax, so read it as the speed of an unguarded two-pass softmax, not as
    /// a competitor.
    /// </summary>
    public static void TensorPrimitivesSoftMax(int rows, int columns, ReadOnlySpan<float> x, Span<float> result)
    {
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.SoftMax(x.Slice(r * columns, columns), result.Slice(r * columns, columns));
        }
    }

    /// <summary>
    /// The stable softmax composed from vectorized library calls: max, subtract, exp, sum, divide. Each call is a
    /// pass over the row, five in all; the generated kernel fuses them into two.
    /// </summary>
    public static void TensorPrimitivesStable(int rows, int columns, ReadOnlySpan<float> x, Span<float> result)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * columns, columns);
            Span<float> output = result.Slice(r * columns, columns);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, output);
            TensorPrimitives.Exp(output, output);
            float sum = TensorPrimitives.Sum(output);
            TensorPrimitives.Divide(output, sum, output);
        }
    }
}
