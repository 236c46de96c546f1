using KernelGen;
using static KernelGen.Ops;

namespace KernelGen.Benchmarks;

/// <summary>The kernels under measurement, written as a user would.</summary>
public static partial class BenchmarkKernels
{
    [Kernel] public static Vec Softmax(Vec x) => Exp(x) / Sum(Exp(x));

    [Kernel] public static float LogSumExp(Vec x) => Log(Sum(Exp(x)));

    [Kernel] public static float CrossEntropy(Vec z, int y) => -Log(Softmax(z))[y];
}
