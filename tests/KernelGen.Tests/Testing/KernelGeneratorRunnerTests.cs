using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace KernelGen.Tests.Testing;

/// <summary>KernelGen.Testing's in-process run of the generator: its compilation, its result and its lookups.</summary>
public sealed class KernelGeneratorRunnerTests
{
    [Fact]
    public void A_run_compiles_the_sources_and_lists_the_generated_files_in_hint_name_order()
    {
        var run = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.Softmax, SnapshotSources.Scale));

        Assert.Equal(new[] { SnapshotSources.ScaleHint, SnapshotSources.SoftmaxHint }, run.GeneratedFiles.Keys.ToArray());
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputDiagnostics);
        Assert.Equal("Source0.cs", Assert.Single(run.Input.SyntaxTrees).FilePath);
        Assert.Equal(new[] { SnapshotSources.ScaleHint, SnapshotSources.SoftmaxHint, "Source0.cs" }, run.Output.SyntaxTrees.Select(t => System.IO.Path.GetFileName(t.FilePath)).Order(StringComparer.Ordinal).ToArray());
        var options = (CSharpCompilationOptions)run.Input.Options;
        Assert.Equal(NullableContextOptions.Enable, options.NullableContextOptions);
        Assert.Equal(OptimizationLevel.Release, options.OptimizationLevel);
        Assert.Contains("public sealed class SoftmaxKernel", run.Kernel("Losses.Softmax").Text);
    }

    [Fact]
    public void The_language_version_and_extra_references_are_those_of_the_options()
    {
        // A kernel that uses a type of another assembly: the extra reference makes it compile.
        var extra = MetadataReference.CreateFromFile(typeof(KernelGeneratorRunnerTests).Assembly.Location);
        string kernels = SnapshotSources.Losses(SnapshotSources.Scale);
        const string uses = "namespace Demo { public static class Uses { public static string Name => typeof(KernelGen.Tests.Testing.KernelGeneratorRunnerTests).Name; } }";
        var options = new KernelGeneratorOptions { LanguageVersion = LanguageVersion.CSharp11, References = new[] { extra } };

        var run = KernelGeneratorRunner.Run(options, kernels, uses);

        Assert.Empty(run.OutputDiagnostics);
        Assert.All(run.Output.SyntaxTrees, t => Assert.Equal(LanguageVersion.CSharp11, ((CSharpParseOptions)t.Options).LanguageVersion));
        Assert.Equal("Source1.cs", run.Input.SyntaxTrees.ElementAt(1).FilePath);
        Assert.Contains(KernelGeneratorRunner.Run(kernels, uses).OutputDiagnostics, d => d.Id == "CS0234");
    }

    [Fact]
    public void A_kernel_is_found_by_type_and_method_and_by_its_full_name()
    {
        var run = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.Softmax, SnapshotSources.Scale));

        Assert.Equal(SnapshotSources.SoftmaxHint, run.Kernel("Losses.Softmax").HintName);
        Assert.Equal(SnapshotSources.SoftmaxHint, run.Kernel("Demo.Losses.Softmax").HintName);
        Assert.Equal(SnapshotSources.ScaleHint, run.File(SnapshotSources.ScaleHint).HintName);
        Assert.Equal(run.GeneratedFiles[SnapshotSources.ScaleHint], run.File(SnapshotSources.ScaleHint).Text);
    }

    [Fact]
    public void A_nested_kernel_is_found_with_dots_for_the_plus_of_its_hint_name()
    {
        var run = KernelGeneratorRunner.Run("""
            using KernelGen;
            using static KernelGen.Ops;
            namespace Demo;
            public static partial class Outer
            {
                public static partial class Inner
                {
                    [Kernel] public static float Total(Vec x) => Sum(x);
                }
            }
            """);

        Assert.Equal("Demo.Outer+Inner.Total.g.cs", run.Kernel("Outer.Inner.Total").HintName);
        Assert.Equal("Demo.Outer+Inner.Total.g.cs", run.Kernel("Inner.Total").HintName);
    }

    [Fact]
    public void A_lookup_that_finds_nothing_lists_the_files_that_exist()
    {
        var run = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.Softmax, SnapshotSources.Scale));

        var kernel = Assert.Throws<KeyNotFoundException>(() => run.Kernel("Losses.Softmin"));
        Assert.Equal("No generated file is the kernel 'Losses.Softmin' (expected a hint name ending in 'Losses.Softmin.g.cs'). "
            + "The generated files are: Demo.Losses.Scale.g.cs, Demo.Losses.Softmax.g.cs.", kernel.Message);
        var file = Assert.Throws<KeyNotFoundException>(() => run.File("Losses.Softmax.g.cs"));
        Assert.Equal("The generator produced no file named 'Losses.Softmax.g.cs'. The generated files are: Demo.Losses.Scale.g.cs, Demo.Losses.Softmax.g.cs.", file.Message);
    }

    [Fact]
    public void A_kernel_the_generator_rejected_is_reported_with_its_error()
    {
        var run = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.Softmax, SnapshotSources.NegativeIndex));

        var error = Assert.Throws<KeyNotFoundException>(() => run.Kernel("Losses.First"));
        Assert.Contains("The generator reported errors, which stop a kernel's code: KG0011 Index '-1' is negative", error.Message);
        Assert.Contains("The generated files are: Demo.Losses.Softmax.g.cs.", error.Message);
    }

    [Fact]
    public void An_ambiguous_kernel_name_lists_the_kernels_it_could_be()
    {
        var run = KernelGeneratorRunner.Run("""
            using KernelGen;
            using static KernelGen.Ops;
            namespace A { public static partial class Losses { [Kernel] public static float Total(Vec x) => Sum(x); } }
            namespace B { public static partial class Losses { [Kernel] public static float Total(Vec x) => Sum(x); } }
            """);

        var error = Assert.Throws<ArgumentException>(() => run.Kernel("Losses.Total"));
        Assert.StartsWith("'Losses.Total' names 2 kernels: A.Losses.Total.g.cs, B.Losses.Total.g.cs. Qualify it", error.Message);
        Assert.Equal("B.Losses.Total.g.cs", run.Kernel("B.Losses.Total").HintName);
    }

    [Fact]
    public void No_sources_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => KernelGeneratorRunner.Run());
        Assert.StartsWith("Pass at least one C# source", error.Message);
    }
}
