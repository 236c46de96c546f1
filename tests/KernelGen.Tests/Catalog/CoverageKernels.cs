using KernelGen;
using static KernelGen.Ops;

namespace KernelGen.Tests.Catalog;

/// <summary>Kernels that exercise the operations the catalog does not: reductions, Nll, Dot, StopGradient, constant indices.</summary>
public static partial class CoverageKernels
{
    [Kernel] public static float NllOfLogSoftmax(Vec z, int y) => Nll(LogSoftmax(z), y);

    [Kernel] public static float MaxMinusMean(Vec x) => Max(x) - Mean(x) + Min(x) * 0.5f;

    [Kernel] public static float DotWithSqrtAbs(Vec a, Vec b) => Dot(Sqrt(Abs(a) + 1f), Max(b, a * 0.5f));

    [Kernel] public static float FirstElementShift(Vec x) => x[0] - StopGradient(Sum(x)) + Square(x[2]);

    [Kernel] public static Vec ScaledSoftmin(Vec x, float s) => Softmin(x * s) * s;
}
