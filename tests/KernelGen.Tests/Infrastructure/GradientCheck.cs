using System;
using System.Linq;
using Xunit;

namespace KernelGen.Tests.Infrastructure;

/// <summary>Compares a kernel's gradient with finite differences, component by component.</summary>
public static class GradientCheck
{
    /// <summary>cs231n's bound for a correct gradient.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>
    /// Asserts every component's <see cref="Oracle.RelativeError"/> is within <see cref="Tolerance"/> (scaled by
    /// the gradient's largest component) and returns the largest error, for reporting.
    /// </summary>
    public static double AssertClose(float[] analytic, double[] numeric, string what = "")
    {
        double worst = 0;
        double scale = numeric.Max(Math.Abs);
        for (int i = 0; i < analytic.Length; i++)
        {
            double error = Oracle.RelativeError(analytic[i], numeric[i], scale);
            Assert.True(error <= Tolerance, $"{what}[{i}]: analytic {analytic[i]:R}, numeric {numeric[i]:R}, relative error {error:E2}");
            worst = Math.Max(worst, error);
        }
        return worst;
    }
}
