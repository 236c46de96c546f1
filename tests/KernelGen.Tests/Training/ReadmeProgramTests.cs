using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using KernelGen.Tests.Diagnostics;
using KernelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Training;

/// <summary>
/// The README's "Train your own kernel" program, compiled in a fresh console project that references the runtime and
/// the generator the way the README's "Using it" section says, and run: the documentation cannot rot.
/// </summary>
public sealed class ReadmeProgramTests
{
    private readonly ITestOutputHelper _output;

    public ReadmeProgramTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void The_train_your_own_kernel_program_builds_and_trains_on_MNIST()
    {
        string root = DiagnosticTests.RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string program = FirstBlock(readme, "## Train your own kernel", "csharp");
        string references = FirstBlock(readme, "## Using it", "xml");

        using var dir = new TempDirectory();
        // The README's paths are relative to the repository root; the fresh project lives elsewhere.
        string absolute = references.Replace("\"runtime/", $"\"{Path.Combine(root, "runtime")}/").Replace("\"generator/", $"\"{Path.Combine(root, "generator")}/");
        File.WriteAllText(dir.File("ReadmeProgram.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {absolute}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(dir.File("Program.cs"), program);

        var (exit, output) = ProcessRunner.Run("dotnet", "run -c Release", dir.Path, TimeSpan.FromMinutes(5));
        _output.WriteLine(output);
        Assert.True(exit == 0, $"the README program exited with {exit}:\n{output}");
        var line = Regex.Match(output, @"epoch 1: train loss (?<loss>[0-9.]+), test acc (?<acc>[0-9.]+)");
        Assert.True(line.Success, "the program printed no epoch line:\n" + output);
        // One epoch of label-smoothed softmax regression: the loss has fallen from log 10 and the accuracy is d2l's first-epoch figure.
        Assert.InRange(double.Parse(line.Groups["loss"].Value, CultureInfo.InvariantCulture), 0.3, 1.2);
        Assert.InRange(double.Parse(line.Groups["acc"].Value, CultureInfo.InvariantCulture), 0.87, 0.95);
    }

    /// <summary>The first fenced block of <paramref name="language"/> after <paramref name="heading"/>.</summary>
    private static string FirstBlock(string markdown, string heading, string language)
    {
        int section = markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(section >= 0, $"README.md has no section '{heading}'");
        var block = new Regex($"```{language}\\n(?<code>.*?)```", RegexOptions.Singleline).Match(markdown, section);
        Assert.True(block.Success, $"README.md has no ```{language} block after '{heading}'");
        return block.Groups["code"].Value;
    }
}
