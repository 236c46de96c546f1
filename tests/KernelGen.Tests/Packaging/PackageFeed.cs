using System;
using System.IO;
using KernelGen.Tests.Diagnostics;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Packaging;

/// <summary>
/// The libraries packed into a temporary feed, once for the test class, and fresh consumer projects outside the
/// repository that take them from it with a private package cache (so no older package of the same version can be
/// picked up from the machine's cache).
/// </summary>
public sealed class PackageFeed : IDisposable
{
    private readonly TempDirectory _root = new();

    public PackageFeed()
    {
        string repository = DiagnosticTests.RepositoryRoot();
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        Feed = Directory.CreateDirectory(Path.Combine(_root.Path, "feed")).FullName;
        Cache = Directory.CreateDirectory(Path.Combine(_root.Path, "packages")).FullName;
        // The test project's build built the libraries (and the generator) in this configuration already.
        foreach (string project in new[] { "runtime/KernelGen.csproj", "runtime/Training/KernelGen.Training.csproj", "runtime/Testing/KernelGen.Testing.csproj" })
        {
            var (exit, output) = ProcessRunner.Run("dotnet", $"pack {project} -c {configuration} --no-build -o \"{Feed}\"", repository, TimeSpan.FromMinutes(3));
            if (exit != 0) throw new InvalidOperationException($"dotnet pack {project} failed:\n{output}");
        }
    }

    /// <summary>The folder the packages were packed into.</summary>
    public string Feed { get; }

    /// <summary>The consumers' own package cache.</summary>
    public string Cache { get; }

    /// <summary>
    /// A new console project in its own folder, with a nuget.config that adds <see cref="Feed"/>; <paramref name="properties"/>
    /// go into its PropertyGroup as they are.
    /// </summary>
    public string NewConsumer(string name, string packageReferences, string program, string targetFramework = "net10.0", string properties = "")
    {
        string dir = NewProjectFolder(name, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
            {properties}
              </PropertyGroup>
              <ItemGroup>
            {packageReferences}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
        return dir;
    }

    /// <summary>
    /// A new xunit test project in its own folder, like <c>dotnet new xunit</c> makes but with pinned versions (so the test
    /// does not depend on what the installed template picks), a nuget.config that adds <see cref="Feed"/>, and the given source files.
    /// </summary>
    public string NewTestProject(string name, params (string File, string Text)[] sources)
    {
        string dir = NewProjectFolder(name, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <IsPackable>false</IsPackable>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
              </ItemGroup>
            </Project>
            """);
        foreach (var (file, text) in sources) File.WriteAllText(Path.Combine(dir, file), text);
        return dir;
    }

    private string NewProjectFolder(string name, string project)
    {
        string dir = Directory.CreateDirectory(Path.Combine(_root.Path, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="kernelgen-test-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <!-- Our packages only from the feed just packed: a package of the same name elsewhere is never taken. -->
              <packageSourceMapping>
                <packageSource key="kernelgen-test-feed">
                  <package pattern="KernelGen" />
                  <package pattern="KernelGen.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), project);
        return dir;
    }

    /// <summary>Runs a dotnet command in <paramref name="directory"/> with the private package cache.</summary>
    public (int Exit, string Output) Dotnet(string arguments, string directory)
        => ProcessRunner.Run("dotnet", arguments, directory, TimeSpan.FromMinutes(5),
            new System.Collections.Generic.Dictionary<string, string> { ["NUGET_PACKAGES"] = Cache });

    public void Dispose() => _root.Dispose();
}
