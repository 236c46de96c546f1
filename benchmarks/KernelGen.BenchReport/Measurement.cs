namespace KernelGen.BenchReport;

/// <summary>One implementation of one op at one size, timed: the unit every input is reduced to.</summary>
/// <param name="Op">The op's name in <see cref="Ops"/>, shared by the .NET suite and the PyTorch script.</param>
/// <param name="Impl">The implementation's name in <see cref="Impls"/>.</param>
/// <param name="Threads">Threads the peer was allowed; null for the .NET benchmarks, which run on the calling thread.</param>
/// <param name="Rows">Rows per call.</param>
/// <param name="Columns">Columns per row (features for linear_ce_step, kernels for the generator cost).</param>
/// <param name="NsPerCall">Median time of one call.</param>
/// <param name="AllocatedBytesPerCall">Managed bytes allocated per call, when the benchmark measured it.</param>
public sealed record Measurement(
    string Op, string Impl, int? Threads, long Rows, long Columns, double NsPerCall, long? AllocatedBytesPerCall = null)
{
    /// <summary>The count a call's time is divided by.</summary>
    public double Elements => (double)Rows * Columns;

    /// <summary>Median time of one call divided by <see cref="Elements"/>.</summary>
    public double NsPerElement => NsPerCall / Elements;

    /// <summary>The implementation and thread count: one bar colour, one table column.</summary>
    public Series Series => new(Impl, Threads);

    /// <summary>The row of a per-op table.</summary>
    public Size Size => new(Rows, Columns);
}

/// <summary>Rows by columns of one call.</summary>
public readonly record struct Size(long Rows, long Columns) : System.IComparable<Size>
{
    /// <inheritdoc/>
    public int CompareTo(Size other) => Rows != other.Rows ? Rows.CompareTo(other.Rows) : Columns.CompareTo(other.Columns);

    /// <inheritdoc/>
    public override string ToString() => $"{Rows}×{Columns}";
}
