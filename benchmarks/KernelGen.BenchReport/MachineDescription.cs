using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen.BenchReport;

/// <summary>
/// The machine the numbers come from, as label and value pairs: BenchmarkDotNet's host section first, PyTorch's
/// machine section next, and this process's own view where neither said (e.g. a report with no .NET results).
/// </summary>
public static class MachineDescription
{
    public static List<(string Label, string Value)> Describe(ReportInputs inputs)
    {
        var host = inputs.DotNet.Host;
        var torch = inputs.PyTorch.Machine;
        var lines = new List<(string, string)>();

        string? cpu = host.GetValueOrDefault("ProcessorName") ?? torch.GetValueOrDefault("cpu");
        string cores = host.TryGetValue("PhysicalCoreCount", out var physical)
            ? $"{physical} physical, {host.GetValueOrDefault("LogicalCoreCount", "?")} logical cores"
            : $"{torch.GetValueOrDefault("logical_cpus", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture))} logical cores";
        lines.Add(("CPU", $"{cpu ?? "unknown"} ({cores})"));
        lines.Add(("OS", host.GetValueOrDefault("OsVersion") ?? torch.GetValueOrDefault("os") ?? RuntimeInformation.OSDescription));
        string runtime = host.GetValueOrDefault("RuntimeVersion") ?? RuntimeInformation.FrameworkDescription + " (report tool)";
        if (host.TryGetValue("DotNetCliVersion", out var sdk)) runtime += $", SDK {sdk}";
        lines.Add((".NET", runtime));
        lines.Add(("Hardware intrinsics", host.GetValueOrDefault("HardwareIntrinsicsShort") ?? OwnIntrinsics() + " (report tool's view)"));
        if (host.TryGetValue("BenchmarkDotNetVersion", out var bdn)) lines.Add(("BenchmarkDotNet", bdn));
        if (torch.TryGetValue("torch", out var version))
        {
            string details = $"torch {version}";
            if (torch.TryGetValue("python", out var python)) details += $", Python {python}";
            if (torch.TryGetValue("cpu_capability", out var capability)) details += $", CPU capability {capability}";
            if (torch.TryGetValue("mkldnn", out var mkldnn)) details += $", oneDNN {(mkldnn == "true" ? "available" : "not available")}";
            lines.Add(("PyTorch", details));
        }
        return lines;
    }

    /// <summary>The CPU's name for the chart's subtitle.</summary>
    public static string Cpu(ReportInputs inputs) =>
        inputs.DotNet.Host.GetValueOrDefault("ProcessorName") ?? inputs.PyTorch.Machine.GetValueOrDefault("cpu") ?? "unknown CPU";

    private static string OwnIntrinsics()
    {
        var found = new List<string>();
        if (Avx512F.IsSupported) found.Add("AVX-512F");
        if (Avx2.IsSupported) found.Add("AVX2");
        if (Fma.IsSupported) found.Add("FMA");
        if (found.Count == 0 && Sse41.IsSupported) found.Add("SSE4.1");
        if (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) found.Add("AdvSIMD");
        found.Add($"Vector<T> {System.Numerics.Vector<byte>.Count * 8} bits");
        if (Vector512.IsHardwareAccelerated) found.Add("Vector512 accelerated");
        return string.Join(", ", found);
    }
}
