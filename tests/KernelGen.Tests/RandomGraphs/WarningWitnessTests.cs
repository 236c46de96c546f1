using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.RandomGraphs;

/// <summary>
/// The other half of the stability promise: a KG0016 warning should be justified, i.e. there should be an input on
/// which the compiled kernel really gives Inf or NaN while the exact value and gradient are finite. A random sample of
/// the unrestricted graphs the analysis warns about is compiled anyway and run on adversarial inputs in search of
/// such a witness. A warning without one is a false positive or a hazard the inputs do not hit; the output lists them.
/// </summary>
public sealed class WarningWitnessTests
{
    private const int SampleSize = 40;
    /// <summary>The share of sampled warnings that must have a witness: well below what the analysis achieves, to catch it warning indiscriminately.</summary>
    private const double MinimumWitnessed = 0.75;

    private readonly ITestOutputHelper _output;

    public WarningWitnessTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void SampledWarningsHaveAWitness()
    {
        var warned = new List<(RandomExpression Graph, string Message)>();
        for (int b = 0; b < AdversarialGraphTests.Batches; b++)
        {
            var graphs = AdversarialGraphTests.SampleBatch(b);
            foreach (var (g, message) in KernelBatch.Warnings(graphs, "Warnings" + b).OrderBy(w => w.Key))
                warned.Add((graphs[g], message));
        }
        var random = new Random(0x5A3F1E);
        var sample = warned.OrderBy(_ => random.Next()).Take(SampleSize).ToList();

        var report = new GraphReport();
        var batch = KernelBatch.Compile(sample.Select(w => w.Graph).ToList(), "Witnesses", report, loadWarned: true);
        var justified = new List<string>();
        var unconfirmed = new List<string>();
        for (int i = 0; i < sample.Count; i++)
        {
            var (e, message) = sample[i];
            if (!batch.Live.Contains(i))
            {
                unconfirmed.Add($"(not compiled: {batch.Broken.GetValueOrDefault(i)}) {e.ToBodySource()}\n    KG0016: {message}");
                continue;
            }
            var cases = AdversarialChecker.Cases(e, i, 7000).Concat(AdversarialInputs.WitnessCases(7100 + i, e.IsVector));
            var witness = AdversarialChecker.FindWitness(e, i, batch, cases);
            string line = $"{e.ToBodySource()}\n    KG0016: {message}";
            if (witness is null) unconfirmed.Add(line);
            else justified.Add(line + $"\n    witness: {witness}");
        }

        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"warned graphs in the {AdversarialGraphTests.Batches} batches: {warned.Count}; sampled: {sample.Count}; with a witness (Inf or NaN where the oracle is finite): {justified.Count}; without: {unconfirmed.Count}"));
        sb.AppendLine("\nWithout a witness:");
        foreach (var line in unconfirmed) sb.AppendLine(line);
        sb.AppendLine("\nWith a witness:");
        foreach (var line in justified) sb.AppendLine(line);
        _output.WriteLine(sb.ToString());
        Assert.True(sample.Count >= 10, $"only {sample.Count} warned graphs to sample");
        Assert.True(justified.Count >= MinimumWitnessed * sample.Count, sb.ToString());
    }
}
