using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace KernelGen.BenchReport;

/// <summary>The markdown report: machine, method, targets, then a section per measured thing.</summary>
public static class MarkdownReport
{
    private const string NotMeasured = "_Not measured._";

    public static string Write(ReportInputs inputs, string svgFileName)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# KernelGen benchmarks, {inputs.Date:yyyy-MM-dd}").AppendLine();
        if (inputs.Smoke)
            text.AppendLine("> **Smoke run**: tiny sizes and single iterations. These numbers check that the pipeline works; they say nothing about performance.").AppendLine();

        Machine(text, inputs);
        HowItWasRun(text, inputs);
        Targets(text, inputs);
        foreach (string op in Ops.Kernels.Where(o => o != Ops.LongRow)) KernelTable(text, inputs.Results, op);
        LongRow(text, inputs.Results);
        ExpLog(text, inputs.Results);
        GeneratorCost(text, inputs.Results);
        Mnist(text, inputs.Mnist);
        Allocations(text, inputs.Results);

        text.AppendLine("## Chart").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"![ns per element of KernelGen and its peers, log scale]({svgFileName})");
        return text.ToString();
    }

    private static void Machine(StringBuilder text, ReportInputs inputs)
    {
        text.AppendLine("## Machine").AppendLine();
        var table = new MarkdownTable("", "");
        foreach (var (label, value) in MachineDescription.Describe(inputs)) table.Add(label, value);
        table.WriteTo(text);
    }

    private static void HowItWasRun(StringBuilder text, ReportInputs inputs)
    {
        text.AppendLine("## How it was run").AppendLine();
        var dotnet = inputs.DotNet;
        if (dotnet.Files.Count > 0)
        {
            string jobs = dotnet.Jobs.Count == 0 ? "its default job" : string.Join("; ", dotnet.Jobs.Select(j => $"`{j}`"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- .NET: `benchmarks/KernelGen.Benchmarks` under BenchmarkDotNet, {jobs}; {dotnet.Measurements.Count} cases from {dotnet.Files.Count} report(s). Time per call is BenchmarkDotNet's median. The .NET benchmarks run on one thread.");
            if (dotnet.Failed.Count > 0)
                text.AppendLine(CultureInfo.InvariantCulture, $"- Cases with no result (failed or cancelled): {string.Join(", ", dotnet.Failed.Select(f => $"`{f}`"))}.");
            if (dotnet.Ignored.Count > 0)
                text.AppendLine(CultureInfo.InvariantCulture, $"- Benchmark classes not in this report: {string.Join(", ", dotnet.Ignored)}.");
        }
        else
        {
            text.AppendLine("- .NET: not measured (no BenchmarkDotNet full JSON report was given).");
        }

        var pytorch = inputs.PyTorch;
        if (pytorch.Measurements.Count > 0)
        {
            string threads = pytorch.Machine.GetValueOrDefault("threads", "1, 2");
            string timing = pytorch.Smoke
                ? "one call each"
                : $"median of {pytorch.Timing.GetValueOrDefault("repeats", "?")} samples after a warm-up, each sample a loop of calls lasting at least {pytorch.Timing.GetValueOrDefault("min_sample_ms", "?")} ms";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- PyTorch: `benchmarks/pytorch/kernels.py` with `torch.set_num_threads(t)`, t in {{{threads}}}; {timing}. Forward + backward ops are timed as one call.");
        }
        else
        {
            text.AppendLine("- PyTorch: not measured.");
        }

        var mnist = inputs.Mnist;
        if (mnist.Epochs.Count > 0)
        {
            string epochs = mnist.EpochCount switch
            {
                null => "epochs per trainer not recorded",
                1 => "1 epoch per trainer (it includes the JIT's warm-up)",
                var n => $"{n} epochs per trainer",
            };
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- MNIST: `samples/SoftmaxRegression train` against `benchmarks/pytorch/mnist_epoch.py` (same recipe: batch 256, lr 0.1); {epochs}, median epoch time.");
        }
        foreach (string note in inputs.Notes) text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        foreach (string problem in inputs.Problems) text.AppendLine(CultureInfo.InvariantCulture, $"- Input problem: {problem}");
        text.AppendLine();
        text.AppendLine("ns per element = median time per call / (rows × columns); lower is better. A ratio N.N× is the peer's time divided by KernelGen's: " +
            "how many times faster KernelGen is (below 1×, it is slower). PyTorch is a peer at 1 and at 2 threads; the .NET implementations run on one thread.");
        text.AppendLine();
    }

    private static void Targets(StringBuilder text, ReportInputs inputs)
    {
        text.AppendLine("## Targets").AppendLine();
        var table = new MarkdownTable("Target", ">Measured", ">Goal", "Status");
        foreach (var target in inputs.Targets)
        {
            string status = target.Status switch
            {
                TargetStatus.NotMeasured => "not measured",
                _ when inputs.Smoke => "not judged (smoke)",
                TargetStatus.Met => "met",
                _ => "**missed**",
            };
            table.Add(target.Name, target.MeasuredText, target.Goal, status);
        }
        table.WriteTo(text);
        int met = inputs.Targets.Count(t => t.Status == TargetStatus.Met);
        int measured = inputs.Targets.Count(t => t.Status != TargetStatus.NotMeasured);
        text.AppendLine(inputs.Smoke
            ? "Smoke run: tiny sizes, so no target is judged."
            : string.Create(CultureInfo.InvariantCulture, $"{met} of {measured} measured targets met ({inputs.Targets.Count} targets in all).")).AppendLine();
    }

    private static void KernelTable(StringBuilder text, ResultSet results, string op)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"## {Ops.Title(op)} (`{op}`)").AppendLine();
        if (!results.Has(op))
        {
            text.AppendLine(NotMeasured).AppendLine();
            return;
        }
        var series = results.SeriesOf(op);
        var peers = Series.Peers.Where(series.Contains).ToList();
        bool ours = series.Contains(Series.KernelGen);
        var headers = new List<string> { "Rows × columns" };
        headers.AddRange(series.Select(s => ">" + s.Label));
        if (ours) headers.AddRange(peers.Select(p => ">vs " + p.Label));
        var table = new MarkdownTable([.. headers]);
        foreach (var size in results.Sizes(op))
        {
            var row = new List<string> { size.ToString() };
            row.AddRange(series.Select(s => results.Find(op, s, size) is { } m ? Numbers.Short(m.NsPerElement) : "—"));
            if (ours) row.AddRange(peers.Select(p => results.Speedup(op, size, p) is { } r ? Numbers.Ratio(r) : "—"));
            table.Add([.. row]);
        }
        text.AppendLine(ours
            ? "ns per element; \"vs X\" is how many times faster KernelGen is than X."
            : "ns per element. KernelGen: not measured for this op.").AppendLine();
        table.WriteTo(text);
    }

    private static void LongRow(StringBuilder text, ResultSet results)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"## {Ops.Title(Ops.LongRow)} (`{Ops.LongRow}`)").AppendLine();
        if (!results.Has(Ops.LongRow))
        {
            text.AppendLine(NotMeasured).AppendLine();
            return;
        }
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Bandwidth in GB/s (10⁹ bytes/s). The memory copy moves {Bandwidth.CopyBytesPerElement} bytes per element (read + write). " +
            $"A two-pass softmax must move {Bandwidth.SoftmaxBytesPerElement} (two reads + one write), so every softmax here is credited with " +
            $"{Bandwidth.SoftmaxBytesPerElement} bytes per element; \"of copy\" is that effective bandwidth over the copy's.").AppendLine();
        foreach (var size in results.Sizes(Ops.LongRow))
        {
            var copy = results.Find(Ops.LongRow, Series.Copy, size);
            double? copyBandwidth = copy is null ? null : Bandwidth.GigabytesPerSecond(copy, Bandwidth.CopyBytesPerElement);
            var table = new MarkdownTable("Implementation", ">ns per element", ">ms per call", ">GB/s", ">of copy", ">KernelGen faster by");
            var ours = results.Find(Ops.LongRow, Series.KernelGen, size);
            foreach (var series in results.SeriesOf(Ops.LongRow))
            {
                if (results.Find(Ops.LongRow, series, size) is not { } m) continue;
                double bandwidth = Bandwidth.GigabytesPerSecond(m, Bandwidth.BytesPerElement(series));
                string ofCopy = series == Series.Copy || copyBandwidth is null ? "—" : Numbers.Percent(bandwidth / copyBandwidth.Value);
                string speedup = ours is null || series == Series.KernelGen || series == Series.Copy ? "—" : Numbers.Ratio(m.NsPerCall / ours.NsPerCall);
                table.Add(series.Label, Numbers.Short(m.NsPerElement), Numbers.Fixed(m.NsPerCall / 1e6, 3), Numbers.Short(bandwidth), ofCopy, speedup);
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"Rows × columns: {size} ({size.Rows * size.Columns * Bandwidth.BytesPerFloat / 1048576.0:F1} MiB of input).").AppendLine();
            table.WriteTo(text);
        }
    }

    private static void ExpLog(StringBuilder text, ResultSet results)
    {
        text.AppendLine("## exp and log").AppendLine();
        if (!results.Has(Ops.Exp) && !results.Has(Ops.Log))
        {
            text.AppendLine(NotMeasured).AppendLine();
            return;
        }
        text.AppendLine("Each call maps an array of floats (8 lanes at a time for the Vector256 and VectorMath loops). " +
            "VectorMath is KernelGen's float-only implementation; Vector256 is the BCL's, which widens to double. " +
            "\"vs Vector256\" is Vector256's time over the implementation's: above 1×, faster than the BCL.").AppendLine();
        var table = new MarkdownTable("Function", "Implementation", ">Elements", ">ns per call", ">ns per element", ">G elements/s", ">vs Vector256");
        foreach (string op in new[] { Ops.Exp, Ops.Log })
        {
            foreach (var size in results.Sizes(op))
            {
                var baseline = results.Find(op, new Series("Vector256", null), size);
                foreach (var series in results.SeriesOf(op).OrderBy(ExpLogOrder))
                {
                    if (results.Find(op, series, size) is not { } m) continue;
                    string ratio = baseline is null ? "—" : Numbers.Ratio(baseline.NsPerCall / m.NsPerCall);
                    table.Add(op, series.Label, size.Columns.ToString(CultureInfo.InvariantCulture), Numbers.Short(m.NsPerCall),
                        Numbers.Short(m.NsPerElement), Numbers.Short(1 / m.NsPerElement), ratio);
                }
            }
        }
        table.WriteTo(text);
    }

    /// <summary>Ours first, then the BCL baseline, then the rest.</summary>
    private static int ExpLogOrder(Series series) => series.Impl switch { "VectorMath" => 0, "Vector256" => 1, _ => 2 };

    private static void GeneratorCost(StringBuilder text, ResultSet results)
    {
        text.AppendLine("## Generator cost").AppendLine();
        if (!results.Has(Ops.GeneratorCost))
        {
            text.AppendLine(NotMeasured).AppendLine();
            return;
        }
        text.AppendLine("Time the source generator adds to a compilation: `FullRun` generates every kernel from scratch; " +
            "`EditElsewhere` re-runs it after an edit that touches no kernel, which the incremental pipeline should make cheap.").AppendLine();
        var table = new MarkdownTable("Scenario", ">Kernels", ">ms per run", ">ms per kernel");
        foreach (var m in results.All.Where(m => m.Op == Ops.GeneratorCost).OrderBy(m => m.Impl, StringComparer.Ordinal))
            table.Add(m.Impl, m.Columns.ToString(CultureInfo.InvariantCulture), Numbers.Short(m.NsPerCall / 1e6), Numbers.Short(m.NsPerElement / 1e6));
        table.WriteTo(text);
    }

    private static void Mnist(StringBuilder text, MnistResults mnist)
    {
        text.AppendLine("## MNIST epoch").AppendLine();
        if (mnist.Epochs.Count == 0)
        {
            text.AppendLine(NotMeasured).AppendLine();
            return;
        }
        text.AppendLine("One epoch of softmax regression over the MNIST training set (batch 256), median over the epochs run; " +
            "\"faster by\" is PyTorch's time over KernelGen's at the same thread count.").AppendLine();
        var table = new MarkdownTable(">Threads", ">KernelGen ms", ">PyTorch ms", ">KernelGen faster by", ">KernelGen test acc", ">PyTorch test acc");
        foreach (int threads in mnist.Epochs.Select(e => e.Threads).Distinct().Order())
        {
            var ours = mnist.Find(Impls.KernelGen, threads);
            var theirs = mnist.Find(Impls.PyTorch, threads);
            table.Add(threads.ToString(CultureInfo.InvariantCulture),
                ours is null ? "—" : Numbers.Short(ours.MedianMs),
                theirs is null ? "—" : Numbers.Short(theirs.MedianMs),
                ours is not null && theirs is not null ? Numbers.Ratio(theirs.MedianMs / ours.MedianMs) : "—",
                ours?.TestAccuracy is { } a ? Numbers.Fixed(a, 4) : "—",
                theirs?.TestAccuracy is { } b ? Numbers.Fixed(b, 4) : "—");
        }
        table.WriteTo(text);
    }

    private static void Allocations(StringBuilder text, ResultSet results)
    {
        var ours = results.All.Where(m => m.Impl == Impls.KernelGen && m.AllocatedBytesPerCall is not null).ToList();
        if (ours.Count == 0) return;
        text.AppendLine("## Allocations").AppendLine();
        var allocating = ours.Where(m => m.AllocatedBytesPerCall > 0).OrderBy(m => m.Op, StringComparer.Ordinal).ThenBy(m => m.Size).ToList();
        if (allocating.Count == 0)
            text.AppendLine(CultureInfo.InvariantCulture, $"KernelGen allocated 0 managed bytes per call in all {ours.Count} cases that measured it.");
        else
            text.AppendLine("KernelGen allocated managed memory in: " +
                string.Join(", ", allocating.Select(m => $"{m.Op} {m.Size} ({m.AllocatedBytesPerCall} B per call)")) + ".");
        text.AppendLine();
    }
}
