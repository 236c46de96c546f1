using System;
using System.IO;
using System.Linq;
using KernelGen.BenchReport;

// Turns one benchmark run's raw outputs (BenchmarkDotNet JSON, PyTorch JSON, MNIST epochs) into a dated
// markdown report and an SVG chart.
ReportOptions options;
try
{
    options = ReportOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine(ReportOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(ReportOptions.Usage);
    return 0;
}

var inputs = new ReportInputs(
    BdnResults.Load(options.Bdn), PyTorchResults.Load(options.PyTorch), MnistResults.Load(options.Mnist),
    options.Date, options.Smoke, options.Notes);
foreach (string problem in inputs.Problems) Console.Error.WriteLine($"warning: {problem}");

var paths = OutputPaths.Choose(options.OutputDirectory, options.Date, options.Output);
try
{
    if (Path.GetDirectoryName(Path.GetFullPath(paths.Markdown)) is { } directory) Directory.CreateDirectory(directory);
    File.WriteAllText(paths.Svg, SvgBarChart.Write(inputs));
    File.WriteAllText(paths.Markdown, MarkdownReport.Write(inputs, Path.GetFileName(paths.Svg)));
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: could not write the report: {ex.Message}");
    return 1;
}

foreach (var target in inputs.Targets.Where(t => t.Status != TargetStatus.NotMeasured))
{
    string status = inputs.Smoke ? "smoke" : target.Status == TargetStatus.Met ? "met" : "MISSED";
    Console.Error.WriteLine($"{status,-7} {target.Name}: {target.MeasuredText} (goal {target.Goal})");
}
if (inputs.Targets.Count(t => t.Status == TargetStatus.NotMeasured) is > 0 and var unmeasured)
    Console.Error.WriteLine($"{unmeasured} of {inputs.Targets.Count} targets not measured");
Console.WriteLine(paths.Markdown);
Console.WriteLine(paths.Svg);
return 0;
