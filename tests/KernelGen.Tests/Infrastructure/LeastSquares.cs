using System;

namespace KernelGen.Tests.Infrastructure;

/// <summary>Ordinary least squares in double through the normal equations: the closed-form optimum training must reach.</summary>
public static class LeastSquares
{
    /// <summary>
    /// The weights and intercept minimizing Σ (x_i · w + c - y_i)² over <paramref name="count"/> rows of
    /// <paramref name="features"/> features (row-major).
    /// </summary>
    public static (double[] Weights, double Intercept) Solve(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int count, int features)
    {
        int n = features + 1; // the intercept is a column of ones
        var a = new double[n, n + 1];
        for (int r = 0; r < count; r++)
        {
            for (int i = 0; i < n; i++)
            {
                double xi = i < features ? x[r * features + i] : 1;
                for (int j = 0; j < n; j++) a[i, j] += xi * (j < features ? x[r * features + j] : 1);
                a[i, n] += xi * y[r];
            }
        }
        // Gauss-Jordan with partial pivoting: the system is small and well conditioned for random features.
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            for (int c = 0; c <= n; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                double f = a[r, col] / a[col, col];
                for (int c = col; c <= n; c++) a[r, c] -= f * a[col, c];
            }
        }
        var solution = new double[n];
        for (int i = 0; i < n; i++) solution[i] = a[i, n] / a[i, i];
        return (solution[..features], solution[features]);
    }
}
