using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelGen.BenchReport;

/// <summary>Everything one report is written from.</summary>
public sealed class ReportInputs
{
    public ReportInputs(BdnResults dotnet, PyTorchResults pytorch, MnistResults mnist, DateOnly date, bool smoke, IReadOnlyList<string> notes)
    {
        DotNet = dotnet;
        PyTorch = pytorch;
        Mnist = mnist;
        Date = date;
        Smoke = smoke || pytorch.Smoke || mnist.Smoke;
        Notes = notes;
        Results = new ResultSet(dotnet.Measurements.Concat(pytorch.Measurements));
        Targets = BenchReport.Targets.Evaluate(Results, mnist);
    }

    public BdnResults DotNet { get; }
    public PyTorchResults PyTorch { get; }
    public MnistResults Mnist { get; }
    public ResultSet Results { get; }
    public List<TargetResult> Targets { get; }
    public DateOnly Date { get; }

    /// <summary>Tiny sizes and single iterations: the numbers test the pipeline and mean nothing.</summary>
    public bool Smoke { get; }

    /// <summary>Free text for the "How it was run" section, e.g. the command that produced the inputs.</summary>
    public IReadOnlyList<string> Notes { get; }

    public IEnumerable<string> Problems => DotNet.Problems.Concat(PyTorch.Problems).Concat(Mnist.Problems);
}
