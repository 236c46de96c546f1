using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;

namespace KernelGen.Benchmarks;

/// <summary>
/// The configuration of a full run. The JSON export is what the report tool reads. The job trades BenchmarkDotNet's
/// open-ended iteration counts for fixed short ones, so the whole suite (about 70 cases) finishes in about a quarter
/// of an hour on a two-core machine. The kernels are deterministic loops over warm data, and the report reads the
/// median, which one slow iteration out of eight does not move.
/// </summary>
internal static class BenchmarkConfig
{
    /// <summary>The default configuration plus the full JSON export and the short job.</summary>
    public static IConfig Create() => DefaultConfig.Instance
        .AddExporter(JsonExporter.Full)
        .AddJob(Job.Default
            .WithId("Suite")
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(8));
}
