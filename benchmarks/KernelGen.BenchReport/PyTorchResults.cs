using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace KernelGen.BenchReport;

/// <summary>What <c>benchmarks/pytorch/kernels.py</c> wrote: the peer's machine, its timing settings, its measurements.</summary>
public sealed class PyTorchResults
{
    public List<Measurement> Measurements { get; } = [];

    /// <summary>The "machine" object, flattened to text: torch version, CPU, ...</summary>
    public Dictionary<string, string> Machine { get; } = [];

    /// <summary>The "timing" object: repeats, min_sample_ms, statistic.</summary>
    public Dictionary<string, string> Timing { get; } = [];

    public bool Smoke { get; private set; }

    public List<string> Problems { get; } = [];

    /// <summary>Reads <paramref name="path"/>; a missing or broken file gives no measurements and a problem, not an exception.</summary>
    public static PyTorchResults Load(string? path)
    {
        var results = new PyTorchResults();
        if (path is null) return results;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new JsonException("the top level is not an object");
            results.Smoke = root.TryGetProperty("smoke", out var smoke) && smoke.ValueKind == JsonValueKind.True;
            if (root.TryGetProperty("machine", out var machine)) Flatten(machine, results.Machine);
            if (root.TryGetProperty("timing", out var timing)) Flatten(timing, results.Timing);
            if (root.TryGetProperty("results", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var item in list.EnumerateArray())
                    results.Read(item);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            results.Problems.Add($"could not read {path}: {ex.Message}");
        }
        return results;
    }

    private void Read(JsonElement item)
    {
        string? op = Json.String(item, "op");
        long? rows = Json.Long(item, "rows");
        long? columns = Json.Long(item, "columns");
        long? threads = Json.Long(item, "threads");
        double? perCall = Json.Double(item, "median_ns_per_call");
        if (perCall is null && Json.Double(item, "ns_per_element") is { } perElement && rows is not null && columns is not null)
            perCall = perElement * rows.Value * columns.Value;
        if (op is null || rows is not > 0 || columns is not > 0 || threads is not > 0 || perCall is not > 0)
        {
            Problems.Add($"a PyTorch result lacks op, rows, columns, threads or a positive time: {item.GetRawText()}");
            return;
        }
        string impl = Json.String(item, "impl") ?? Impls.PyTorch;
        Measurements.Add(new Measurement(op, impl, (int)threads.Value, rows.Value, columns.Value, perCall.Value));
    }

    private static void Flatten(JsonElement element, Dictionary<string, string> into)
    {
        if (element.ValueKind != JsonValueKind.Object) return;
        foreach (var property in element.EnumerateObject())
        {
            into[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString() ?? "",
                JsonValueKind.Array => string.Join(", ", EnumerateText(property.Value)),
                _ => property.Value.GetRawText(),
            };
        }
    }

    private static IEnumerable<string> EnumerateText(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
            yield return item.ValueKind == JsonValueKind.String ? item.GetString() ?? "" : item.GetRawText();
    }
}
