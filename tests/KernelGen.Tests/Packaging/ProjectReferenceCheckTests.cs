using System;
using System.IO;
using KernelGen.Tests.Diagnostics;
using KernelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Packaging;

/// <summary>
/// A project of this repository that references the runtime by path but not the generator: a ProjectReference cannot
/// bring the package's build check with it, so the repository's Directory.Build.targets imports it, and the build says
/// why the kernel classes are missing rather than only CS0117. With the generator added the check is silent.
/// </summary>
public sealed class ProjectReferenceCheckTests
{
    private readonly ITestOutputHelper _output;

    public ProjectReferenceCheckTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void A_bare_project_reference_to_the_runtime_gets_KG0100_and_the_generator_reference_silences_it()
    {
        string repository = DiagnosticTests.RepositoryRoot();
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        // Inside the repository (so its Directory.Build.* apply), in this project's git-ignored obj folder.
        string dir = Path.Combine(repository, "tests", "KernelGen.Tests", "obj", "project-reference-check-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string project = Path.Combine(dir, "BareReference.csproj");
            File.WriteAllText(Path.Combine(dir, "Program.cs"), PackageConsumerTests.SoftmaxProgram);
            string runtime = Path.Combine(repository, "runtime", "KernelGen.csproj");
            string generator = Path.Combine(repository, "generator", "KernelGen.Generator.csproj");
            File.WriteAllText(project, Project($"""<ProjectReference Include="{runtime}" />"""));
            // The referenced projects were built by this test project's build: only this one is compiled.
            string build = $"build -c {configuration} -p:BuildProjectReferences=false";

            var (exit, output) = ProcessRunner.Run("dotnet", build, dir, TimeSpan.FromMinutes(3));
            _output.WriteLine(output);
            Assert.NotEqual(0, exit);
            Assert.Contains("KG0100: KernelGen's source generator (KernelGen.Generator.dll) is not among this project's analyzers", output);
            Assert.Contains("also reference generator/KernelGen.Generator.csproj with OutputItemType=\"Analyzer\"", output);
            Assert.Contains("error CS0117", output);

            File.WriteAllText(project, Project($"""
                <ProjectReference Include="{runtime}" />
                <ProjectReference Include="{generator}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                """));
            (exit, output) = ProcessRunner.Run("dotnet", build, dir, TimeSpan.FromMinutes(3));
            _output.WriteLine(output);
            Assert.True(exit == 0, output);
            Assert.DoesNotContain("KG0100", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Project(string references) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            {references}
          </ItemGroup>
        </Project>
        """;
}
