using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Compare;

/// <summary>
/// The configuration of a comparison. Each class holds several operations, each with its own Base as the baseline,
/// so the baselines are grouped by category (the operation); the default columns then include Ratio, Head's mean
/// over Base's. The full JSON export is what <see cref="RatioTable"/> reads.
/// </summary>
internal static class ComparisonConfig
{
    /// <summary>
    /// A fixed job (3 warm-up and 10 measured iterations of 150 ms each, in a process per case), or for
    /// <paramref name="smoke"/> one iteration per case. BenchmarkDotNet's default job runs until the mean is stable,
    /// which for some 120 cases takes hours; ten iterations of 150 ms give a mean within about 1% on a quiet machine,
    /// and running the whole comparison twice shows what the noise is.
    /// </summary>
    public static IConfig Create(bool smoke) => DefaultConfig.Instance
        .AddJob(smoke
            // In this process: about sixty cases, each in a process of its own, take longer than a smoke run should.
            ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Smoke")
            : Job.Default.WithWarmupCount(3).WithIterationCount(10).WithIterationTime(TimeInterval.FromMilliseconds(150)).WithId("Compare"))
        .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
        .AddColumn(CategoriesColumn.Default)
        // Neither revision should allocate per call; an allocation would be a difference that is not the kernel's.
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddExporter(JsonExporter.Full);
}
