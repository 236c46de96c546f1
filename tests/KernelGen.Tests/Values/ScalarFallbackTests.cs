using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Values;

/// <summary>
/// Generated kernels take a scalar path when Vector256 is not accelerated. Whether it is accelerated is fixed
/// per process, so this test reruns the value tests in a child process with hardware intrinsics disabled.
/// </summary>
public sealed class ScalarFallbackTests
{
    private readonly ITestOutputHelper _output;

    public ScalarFallbackTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Value_gradient_and_seed_tests_pass_when_Vector256_is_not_accelerated()
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            // This is the child process: the value tests themselves are what it runs.
            _output.WriteLine("Vector256 is not accelerated here: this run is the scalar path.");
            return;
        }

        string assembly = typeof(ScalarFallbackTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (var argument in new[] { "test", assembly, "--filter",
                     "FullyQualifiedName~CatalogForwardTests|FullyQualifiedName~CatalogGradientTests|FullyQualifiedName~SeedCaseTests|FullyQualifiedName~ScalarFallbackTests" })
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_EnableHWIntrinsic"] = "0";

        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(5));
        await child.WaitForExitAsync(timeout.Token);
        string log = await stdout + await stderr;
        _output.WriteLine(log);
        Assert.True(child.ExitCode == 0, "scalar-path run failed:\n" + log);
        Assert.Contains("Passed!", log);
    }
}
