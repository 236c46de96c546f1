using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace KernelGen.BenchReport;

/// <summary>One trainer's median MNIST epoch at one thread count.</summary>
public sealed record MnistEpoch(string Impl, int Threads, double MedianMs, double? TestAccuracy);

/// <summary>
/// The MNIST epoch comparison that <c>benchmarks/run</c> writes:
/// <c>{"epochs": 5, "smoke": false, "results": [{"impl": "KernelGen", "threads": 1, "median_ms": 95.0, "test_accuracy": 0.92}, ...]}</c>.
/// </summary>
public sealed class MnistResults
{
    public List<MnistEpoch> Epochs { get; } = [];

    /// <summary>Epochs each trainer ran; the median is over these.</summary>
    public int? EpochCount { get; private set; }

    public bool Smoke { get; private set; }

    public List<string> Problems { get; } = [];

    /// <summary>Reads <paramref name="path"/>; a missing or broken file gives no epochs and a problem, not an exception.</summary>
    public static MnistResults Load(string? path)
    {
        var results = new MnistResults();
        if (path is null) return results;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            results.Smoke = Json.Bool(root, "smoke");
            results.EpochCount = (int?)Json.Long(root, "epochs");
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("results", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    string? impl = Json.String(item, "impl");
                    long? threads = Json.Long(item, "threads");
                    double? median = Json.Double(item, "median_ms");
                    if (impl is null || threads is not > 0 || median is not > 0)
                        results.Problems.Add($"an MNIST result lacks impl, threads or a positive median_ms: {item.GetRawText()}");
                    else
                        results.Epochs.Add(new MnistEpoch(impl, (int)threads.Value, median.Value, Json.Double(item, "test_accuracy")));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            results.Problems.Add($"could not read {path}: {ex.Message}");
        }
        return results;
    }

    /// <summary>The epoch of <paramref name="impl"/> at <paramref name="threads"/>, if it was measured.</summary>
    public MnistEpoch? Find(string impl, int threads) => Epochs.Find(e => e.Impl == impl && e.Threads == threads);
}
