using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace KernelGen.BenchReport;

/// <summary>
/// What BenchmarkDotNet's full JSON reports (<c>*-report-full.json</c>) say: the host and one
/// <see cref="Measurement"/> per benchmark case of the classes in <see cref="Ops.FromBenchmarkClass"/>.
/// </summary>
public sealed class BdnResults
{
    /// <summary>Elements per call of the exp and log benchmarks, which have no parameters.</summary>
    public const int ExpLogLength = 4096;

    /// <summary>Kernels the generator-cost benchmarks compile per call.</summary>
    public const int GeneratorKernels = 9;

    /// <summary>Rows when a kernel benchmark does not say (it may hold the row count in a constant).</summary>
    private const int DefaultRows = 256;

    public List<Measurement> Measurements { get; } = [];

    /// <summary>Host fields as BenchmarkDotNet names them (ProcessorName, RuntimeVersion, ...), from the first file.</summary>
    public Dictionary<string, string> Host { get; } = [];

    /// <summary>The jobs that ran, as BenchmarkDotNet prints them (e.g. <c>ShortRun(IterationCount=3, ...)</c>).</summary>
    public SortedSet<string> Jobs { get; } = new(StringComparer.Ordinal);

    /// <summary>Benchmark cases with no statistics: they failed or were cancelled.</summary>
    public List<string> Failed { get; } = [];

    /// <summary>Benchmark classes the report has no place for.</summary>
    public SortedSet<string> Ignored { get; } = new(StringComparer.Ordinal);

    public List<string> Files { get; } = [];

    public List<string> Problems { get; } = [];

    /// <summary>Reads every full JSON report among <paramref name="paths"/> (files, or folders searched recursively).</summary>
    public static BdnResults Load(IEnumerable<string> paths)
    {
        var results = new BdnResults();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*-report-full.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0) results.Problems.Add($"no *-report-full.json under {path}");
                foreach (string file in found) results.LoadFile(file);
            }
            else if (File.Exists(path))
            {
                results.LoadFile(path);
            }
            else
            {
                results.Problems.Add($"{path} does not exist");
            }
        }
        return results;
    }

    private void LoadFile(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            Files.Add(file);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new JsonException("the top level is not an object");
            if (root.TryGetProperty("HostEnvironmentInfo", out var host) && host.ValueKind == JsonValueKind.Object && Host.Count == 0)
                ReadHost(host);
            if (root.TryGetProperty("Benchmarks", out var benchmarks) && benchmarks.ValueKind == JsonValueKind.Array)
                foreach (var benchmark in benchmarks.EnumerateArray())
                    if (benchmark.ValueKind == JsonValueKind.Object) ReadBenchmark(benchmark);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            Problems.Add($"could not read {file}: {ex.Message}");
        }
    }

    private void ReadHost(JsonElement host)
    {
        foreach (var property in host.EnumerateObject())
        {
            string? text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(text)) Host[property.Name] = text;
        }
    }

    private void ReadBenchmark(JsonElement benchmark)
    {
        string type = ClassName(Json.String(benchmark, "Type") ?? "");
        string method = Json.String(benchmark, "Method") ?? "";
        string display = Json.String(benchmark, "DisplayInfo") ?? $"{type}.{method}";
        if (Job(display) is { } job) Jobs.Add(job);
        // The host section of 0.14 has no intrinsics; each case has them, and they are the same for all.
        if (!Host.ContainsKey("HardwareIntrinsicsShort") && Json.String(benchmark, "HardwareIntrinsics") is { } intrinsics)
            Host["HardwareIntrinsicsShort"] = intrinsics;

        string? op = Ops.FromBenchmarkClass(type);
        if (op is null)
        {
            if (type.Length > 0) Ignored.Add(type);
            return;
        }
        if (Median(benchmark) is not { } median)
        {
            string shown = Json.String(benchmark, "Parameters") is { Length: > 0 } p ? $" [{p.Replace("&", ", ")}]" : "";
            Failed.Add($"{type}.{method}{shown}");
            return;
        }

        var parameters = Parameters(Json.String(benchmark, "Parameters"));
        long? allocated = benchmark.TryGetProperty("Memory", out var memory) ? Json.Long(memory, "BytesAllocatedPerOperation") : null;
        string impl = method;
        long rows, columns;
        switch (op)
        {
            case Ops.Exp:
                (op, impl) = SplitExpLog(method);
                rows = 1;
                columns = parameters.GetValueOrDefault("Length", ExpLogLength);
                break;
            case Ops.GeneratorCost:
                rows = 1;
                columns = parameters.GetValueOrDefault("Kernels", GeneratorKernels);
                break;
            case Ops.LongRow:
                rows = parameters.GetValueOrDefault("Rows", 1);
                columns = parameters.GetValueOrDefault("Columns", 4194304);
                break;
            case Ops.LinearCrossEntropyStep:
                rows = parameters.GetValueOrDefault("Rows", DefaultRows);
                columns = parameters.GetValueOrDefault("Columns", parameters.GetValueOrDefault("Features", 784));
                break;
            default:
                rows = parameters.GetValueOrDefault("Rows", DefaultRows);
                if (!parameters.TryGetValue("Columns", out columns))
                {
                    Problems.Add($"{display}: no Columns parameter; left out");
                    return;
                }
                break;
        }
        if (rows <= 0 || columns <= 0)
        {
            Problems.Add($"{display}: rows {rows}, columns {columns}; left out");
            return;
        }
        Measurements.Add(new Measurement(op, impl, null, rows, columns, median, allocated));
    }

    /// <summary>The class name alone: BenchmarkDotNet writes nested classes as Outer.Inner and generic ones with arguments.</summary>
    private static string ClassName(string type)
    {
        int generic = type.IndexOf('<');
        if (generic >= 0) type = type[..generic];
        return type[(type.LastIndexOf('.') + 1)..];
    }

    /// <summary>"VectorMathLog" is VectorMath's log: the method name carries both the op and the implementation.</summary>
    private static (string Op, string Impl) SplitExpLog(string method) =>
        method.EndsWith("Log", StringComparison.Ordinal) ? (Ops.Log, method[..^3])
        : method.EndsWith("Exp", StringComparison.Ordinal) ? (Ops.Exp, method[..^3])
        : (Ops.Exp, method);

    /// <summary>The job in "Type.Method: Job(...) [Params]".</summary>
    private static string? Job(string display)
    {
        int colon = display.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0) return null;
        string job = display[(colon + 2)..];
        int bracket = job.LastIndexOf(" [", StringComparison.Ordinal);
        return (bracket >= 0 ? job[..bracket] : job).Trim();
    }

    /// <summary>Statistics.Median in ns, or null when the case has no result (BenchmarkDotNet writes NaN as "").</summary>
    private static double? Median(JsonElement benchmark) =>
        benchmark.TryGetProperty("Statistics", out var statistics) && statistics.ValueKind == JsonValueKind.Object
        && statistics.TryGetProperty("Median", out var median) && median.ValueKind == JsonValueKind.Number
        && median.GetDouble() is var value && double.IsFinite(value) && value > 0 ? value : null;

    /// <summary>Integer parameters of "Columns=1000&amp;Rows=256"; others are not sizes and are skipped.</summary>
    private static Dictionary<string, long> Parameters(string? text)
    {
        var parameters = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in (text ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = pair.IndexOf('=');
            if (equals > 0 && long.TryParse(pair[(equals + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
                parameters[pair[..equals].Trim()] = value;
        }
        return parameters;
    }
}
