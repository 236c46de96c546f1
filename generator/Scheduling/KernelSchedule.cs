using System.Collections.Generic;
using KernelGen.Generator.Ir;

namespace KernelGen.Generator.Scheduling;

/// <summary>Which of a kernel's schedules a row of a given length takes.</summary>
internal enum Residency
{
    /// <summary>The only schedule: the row length does not choose.</summary>
    Only,

    /// <summary>A row that stays in cache: every exp computed once and kept in an output span.</summary>
    InCache,

    /// <summary>A longer row: the max and the sum of exps in one read, as the row streams from memory.</summary>
    Streaming,
}

/// <summary>One schedule a row runs, and when: <see cref="Residency"/> says which row lengths take it.</summary>
internal sealed record RowVariant(Plan Plan, Residency Residency);

/// <summary>The eight-rows-across-the-lanes schedule of a direction, along dimension <paramref name="Dim"/>.</summary>
internal sealed record LaneVariant(Plan Plan, int Dim);

/// <summary>
/// Everything decided about how one kernel runs, for the emitter to render: per direction (forward, or forward and
/// backward), the row schedules its batch entry point runs and which row lengths take which, whether the batch runs
/// matrix work once for all its rows, and whether short rows go eight at a time across the lanes. The thresholds
/// are the policy constants here.
/// </summary>
internal sealed class KernelSchedule
{
    /// <summary>
    /// Rows up to this many elements get the cache-resident schedule (x and its output: 8 MiB). An exp costs more than
    /// reading a float again from L2 or L3 (measured: 32000- to 1M-element softmax rows took 0.40-0.49 ns per element
    /// cache-resident against 1.1-1.5 streaming); only from memory does the extra pass cost more.
    /// </summary>
    public const int CacheResidentLength = 1 << 20;

    /// <summary>Rows up to this length (two vectors or fewer) go across the lanes, eight rows at a time.</summary>
    public const int LaneRowLength = 16;

    private readonly Dims _dims;
    private readonly (Plan Streaming, Plan? InCache) _forward, _forwardBackward;
    private readonly LaneVariant? _forwardLanes, _forwardBackwardLanes;

    public KernelSchedule(Dims dims, bool isBatched, (Plan Streaming, Plan? InCache) forward, (Plan Streaming, Plan? InCache) forwardBackward,
        LaneVariant? forwardLanes, LaneVariant? forwardBackwardLanes)
    {
        _dims = dims;
        IsBatched = isBatched;
        _forward = forward;
        _forwardBackward = forwardBackward;
        _forwardLanes = forwardLanes;
        _forwardBackwardLanes = forwardBackwardLanes;
    }

    /// <summary>
    /// True when a batch does matrix work once for all its rows (w * x of every row as one matrix product, the outer
    /// products of the gradient as another), around each row's own passes.
    /// </summary>
    public bool IsBatched { get; }

    /// <summary>The schedule a row of any length can take: the streaming one where a row length chooses.</summary>
    public Plan Streaming(bool backward) => (backward ? _forwardBackward : _forward).Streaming;

    /// <summary>
    /// The schedules a row runs: one, or, when the row length decides between the cache-resident and the streaming
    /// schedule at run time, both (cache-resident first). A length known at compile time decides here.
    /// </summary>
    public IReadOnlyList<RowVariant> Rows(bool backward)
    {
        var (streaming, inCache) = backward ? _forwardBackward : _forward;
        if (inCache is null) return new[] { new RowVariant(streaming, Residency.Only) };
        int size = _dims.SizeOf(CacheDim(backward));
        if (size > CacheResidentLength) return new[] { new RowVariant(streaming, Residency.Only) };
        if (size >= 0 && inCache.StashHazards.Count == 0) return new[] { new RowVariant(inCache, Residency.Only) };
        return new[] { new RowVariant(inCache, Residency.InCache), new RowVariant(streaming, Residency.Streaming) };
    }

    /// <summary>The dimension whose length chooses between the two schedules: the streaming schedule's online pass's.</summary>
    public int CacheDim(bool backward) => _dims.Find(Streaming(backward).OnlinePass!.Dim);

    /// <summary>True when a run-time row length picks the schedule, in either direction.</summary>
    public bool ChoosesAtRunTime => ChoosesAtRunTimeIn(false) || ChoosesAtRunTimeIn(true);

    private bool ChoosesAtRunTimeIn(bool backward)
        => (backward ? _forwardBackward : _forward).InCache is not null && _dims.SizeOf(CacheDim(backward)) < 0;

    /// <summary>The eight-rows schedule of a direction, when the kernel allows it.</summary>
    public LaneVariant? Lanes(bool backward) => backward ? _forwardBackwardLanes : _forwardLanes;
}
