namespace KernelGen.BenchReport;

/// <summary>The implementation names, as the .NET benchmark methods and kernels.py spell them.</summary>
public static class Impls
{
    public const string KernelGen = "KernelGen";
    public const string NaiveScalar = "NaiveScalar";
    public const string TensorPrimitivesSoftMax = "TensorPrimitivesSoftMax";
    public const string TensorPrimitivesStable = "TensorPrimitivesStable";
    public const string Copy = "Copy";
    public const string PyTorch = "PyTorch";
}

/// <summary>An implementation at a thread count: a table column and a bar colour.</summary>
/// <param name="Impl">A name from <see cref="Impls"/>, or another method name.</param>
/// <param name="Threads">Null for the .NET benchmarks.</param>
public readonly record struct Series(string Impl, int? Threads)
{
    public static readonly Series KernelGen = new(Impls.KernelGen, null);
    public static readonly Series PyTorch1 = new(Impls.PyTorch, 1);
    public static readonly Series PyTorch2 = new(Impls.PyTorch, 2);
    public static readonly Series TensorPrimitivesSoftMax = new(Impls.TensorPrimitivesSoftMax, null);
    public static readonly Series TensorPrimitivesStable = new(Impls.TensorPrimitivesStable, null);
    public static readonly Series NaiveScalar = new(Impls.NaiveScalar, null);
    public static readonly Series Copy = new(Impls.Copy, null);

    /// <summary>The peers KernelGen is compared with, in the order of the ratio columns.</summary>
    public static readonly Series[] Peers = [PyTorch1, PyTorch2, TensorPrimitivesSoftMax, TensorPrimitivesStable, NaiveScalar];

    /// <summary>Display order: ours, the peers, then the bandwidth bound.</summary>
    public static readonly Series[] Known = [KernelGen, .. Peers, Copy];

    /// <summary>A short label for table headers and the legend.</summary>
    public string Label => Impl switch
    {
        Impls.PyTorch => Threads == 1 ? "PyTorch 1 thread" : $"PyTorch {Threads} threads",
        Impls.TensorPrimitivesSoftMax => "TensorPrimitives.SoftMax (unstable)",
        Impls.TensorPrimitivesStable => "TensorPrimitives stable",
        Impls.NaiveScalar => "naive scalar",
        Impls.Copy => "memory copy",
        _ => Threads is null ? Impl : $"{Impl} {Threads}T",
    };

    /// <summary>A fixed colour per series, so the chart reads the same from run to run.</summary>
    public string Colour => Impl switch
    {
        Impls.KernelGen => "#1f5fa8",
        Impls.PyTorch => Threads == 1 ? "#e4572e" : "#f2a07b",
        Impls.TensorPrimitivesSoftMax => "#6a3d9a",
        Impls.TensorPrimitivesStable => "#b294c7",
        Impls.NaiveScalar => "#8c8c8c",
        Impls.Copy => "#3a9a4a",
        _ => "#444444",
    };

    /// <summary>Position in <see cref="Known"/>, unknown series last.</summary>
    public int Order
    {
        get
        {
            int i = System.Array.IndexOf(Known, this);
            return i < 0 ? Known.Length : i;
        }
    }
}
