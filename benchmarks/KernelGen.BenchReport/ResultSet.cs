using System.Collections.Generic;
using System.Linq;

namespace KernelGen.BenchReport;

/// <summary>Every measurement of one report, .NET and PyTorch together, with the look-ups the tables need.</summary>
public sealed class ResultSet
{
    private readonly Dictionary<(string Op, Series Series, Size Size), Measurement> _byKey = [];

    /// <summary>Later measurements of the same op, series and size replace earlier ones: the last file read wins.</summary>
    public ResultSet(IEnumerable<Measurement> measurements)
    {
        foreach (var m in measurements) _byKey[(m.Op, m.Series, m.Size)] = m;
    }

    public IEnumerable<Measurement> All => _byKey.Values;

    public Measurement? Find(string op, Series series, Size size) => _byKey.GetValueOrDefault((op, series, size));

    public bool Has(string op) => _byKey.Keys.Any(k => k.Op == op);

    /// <summary>The sizes measured for <paramref name="op"/> by anyone, smallest first.</summary>
    public List<Size> Sizes(string op) => _byKey.Keys.Where(k => k.Op == op).Select(k => k.Size).Distinct().Order().ToList();

    /// <summary>The series measured for <paramref name="op"/>, in display order.</summary>
    public List<Series> SeriesOf(string op) =>
        _byKey.Keys.Where(k => k.Op == op).Select(k => k.Series).Distinct()
            .OrderBy(s => s.Order).ThenBy(s => s.Impl, System.StringComparer.Ordinal).ThenBy(s => s.Threads).ToList();

    /// <summary>How many times faster <paramref name="ours"/> is than <paramref name="peer"/>: peer time / our time.</summary>
    public double? Speedup(string op, Size size, Series peer, Series? ours = null) =>
        Find(op, ours ?? Series.KernelGen, size) is { } us && Find(op, peer, size) is { } them ? them.NsPerCall / us.NsPerCall : null;
}
