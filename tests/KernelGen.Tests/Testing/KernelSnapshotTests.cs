using System;
using System.IO;
using System.Linq;
using System.Text;
using KernelGen.Testing;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Testing;

/// <summary>
/// KernelSnapshot as a user meets it, in a temporary folder that stands for their test project: the files it writes,
/// their exact names and contents, and what its failures say.
/// </summary>
public sealed class KernelSnapshotTests : IDisposable
{
    private readonly TempDirectory _project = new();

    /// <summary>The test source file whose directory and name the snapshots take, as [CallerFilePath] would give it.</summary>
    private string TestFile => _project.File("SampleTests.cs");

    public void Dispose() => _project.Dispose();

    [Fact]
    public void A_first_run_writes_the_received_file_and_fails_saying_the_snapshot_is_new()
    {
        var run = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.Softmax));

        var failure = Assert.Throws<SnapshotMismatchException>(() => KernelSnapshot.VerifyKernel(run, "Losses.Softmax", sourceFile: TestFile, testMethod: "Run"));

        Assert.Equal(new[] { "SampleTests.Run.received.cs" }, _project.FileNames());
        Assert.StartsWith("New snapshot: there is no " + _project.File("SampleTests.Run.verified.cs") + " yet.", failure.Message);
        Assert.Contains("The received text is in " + _project.File("SampleTests.Run.received.cs"), failure.Message);
        Assert.Contains("moving (renaming) it to SampleTests.Run.verified.cs", failure.Message);
        // Verify.SourceGenerators' first line, then the generated text exactly, UTF-8 without a BOM, \n line endings.
        byte[] bytes = File.ReadAllBytes(_project.File("SampleTests.Run.received.cs"));
        string expected = "//HintName: Demo.Losses.Softmax.g.cs\n" + run.GeneratedFiles[SnapshotSources.SoftmaxHint].Replace("\r\n", "\n");
        Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes);
    }

    [Fact]
    public void Once_the_received_file_is_accepted_the_same_code_passes()
    {
        var run = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.Softmax));
        Assert.Throws<SnapshotMismatchException>(() => KernelSnapshot.VerifyKernel(run, "Losses.Softmax", sourceFile: TestFile, testMethod: "Run"));
        Accept("SampleTests.Run");

        KernelSnapshot.VerifyKernel(run, "Losses.Softmax", sourceFile: TestFile, testMethod: "Run");

        Assert.Equal(new[] { "SampleTests.Run.verified.cs" }, _project.FileNames());
    }

    [Fact]
    public void A_changed_kernel_fails_with_the_received_file_and_a_unified_diff_of_the_change()
    {
        var before = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.Softmax));
        Assert.Throws<SnapshotMismatchException>(() => KernelSnapshot.VerifyKernel(before, "Losses.Softmax", sourceFile: TestFile, testMethod: "Run"));
        Accept("SampleTests.Run");
        var after = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.SoftmaxOfSquares));

        var failure = Assert.Throws<SnapshotMismatchException>(() => KernelSnapshot.VerifyKernel(after, "Losses.Softmax", sourceFile: TestFile, testMethod: "Run"));

        Assert.Equal(new[] { "SampleTests.Run.received.cs", "SampleTests.Run.verified.cs" }, _project.FileNames());
        Assert.Equal("//HintName: Demo.Losses.Softmax.g.cs\n" + after.GeneratedFiles[SnapshotSources.SoftmaxHint], File.ReadAllText(_project.File("SampleTests.Run.received.cs")));
        Assert.StartsWith("Snapshot changed: " + _project.File("SampleTests.Run.verified.cs"), failure.Message);
        Assert.Contains("--- SampleTests.Run.verified.cs\n+++ SampleTests.Run.received.cs\n@@ -", failure.Message);
        Assert.Matches(@"\n@@ -\d+,\d+ \+\d+,\d+ @@\n", failure.Message);
        // The line that quotes the kernel's expression, as removed and added lines.
        Assert.Contains("\n-    /// <para>As written: <c>Exp(x) / Sum(Exp(x))</c></para>\n", failure.Message);
        Assert.Contains("\n+    /// <para>As written: <c>Square(x) / Sum(Square(x))</c></para>\n", failure.Message);
        // Every line only in the old text is a '-' line, every line only in the new text a '+' line.
        var oldLines = before.GeneratedFiles[SnapshotSources.SoftmaxHint].Split('\n');
        var newLines = after.GeneratedFiles[SnapshotSources.SoftmaxHint].Split('\n');
        foreach (string line in oldLines.Except(newLines)) Assert.Contains("\n-" + line + "\n", failure.Message);
        foreach (string line in newLines.Except(oldLines)) Assert.Contains("\n+" + line + "\n", failure.Message);

        // Back to the accepted code: it passes again and the stale received file goes.
        KernelSnapshot.VerifyKernel(before, "Losses.Softmax", sourceFile: TestFile, testMethod: "Run");
        Assert.Equal(new[] { "SampleTests.Run.verified.cs" }, _project.FileNames());
    }

    [Fact]
    public void Verifying_the_run_writes_one_file_per_hint_name_and_reports_a_removed_kernel()
    {
        var both = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.Softmax, SnapshotSources.Scale));
        var failure = Assert.Throws<SnapshotMismatchException>(() => KernelSnapshot.Verify(both, sourceFile: TestFile, testMethod: "Run"));
        Assert.Equal(new[] { "SampleTests.Run#Demo.Losses.Scale.g.received.cs", "SampleTests.Run#Demo.Losses.Softmax.g.received.cs" }, _project.FileNames());
        Assert.StartsWith("2 of 3 snapshot files failed.", failure.Message);
        Assert.StartsWith("//HintName: Demo.Losses.Scale.g.cs\n", File.ReadAllText(_project.File("SampleTests.Run#Demo.Losses.Scale.g.received.cs")));
        Accept("SampleTests.Run#Demo.Losses.Scale.g");
        Accept("SampleTests.Run#Demo.Losses.Softmax.g");
        KernelSnapshot.Verify(both, sourceFile: TestFile, testMethod: "Run");

        var withoutScale = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.Softmax));
        failure = Assert.Throws<SnapshotMismatchException>(() => KernelSnapshot.Verify(withoutScale, sourceFile: TestFile, testMethod: "Run"));

        Assert.StartsWith("Snapshot no longer produced: " + _project.File("SampleTests.Run#Demo.Losses.Scale.g.verified.cs"), failure.Message);
        Assert.Contains("The run generated no 'Demo.Losses.Scale.g.cs': a kernel was removed or renamed", failure.Message);
        Assert.Contains("delete the verified file", failure.Message);
    }

    [Fact]
    public void Generator_diagnostics_are_a_plain_listing_in_the_txt_snapshot()
    {
        string source = SnapshotSources.Losses(SnapshotSources.Softmax, SnapshotSources.NegativeIndex);
        var run = KernelGeneratorRunner.Run(source);
        var kg = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("KG0011", kg.Id);

        var failure = Assert.Throws<SnapshotMismatchException>(() => KernelSnapshot.Verify(run, sourceFile: TestFile, testMethod: "Run"));

        Assert.Equal(new[] { "SampleTests.Run#Demo.Losses.Softmax.g.received.cs", "SampleTests.Run.received.txt" }, _project.FileNames());
        Assert.Contains("New snapshot: there is no " + _project.File("SampleTests.Run.verified.txt"), failure.Message);
        // The position of the index "-1" in the source (where the generator reports it), 1-based, as line:column.
        string[] lines = source.Split('\n');
        int line = Array.FindIndex(lines, l => l.Contains("x[-1]"));
        int column = lines[line].IndexOf("-1]", StringComparison.Ordinal);
        string listing = File.ReadAllText(_project.File("SampleTests.Run.received.txt"));
        Assert.Equal($"KG0011 Error Source0.cs({line + 1},{column + 1}): {kg.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}\n", listing);
        Assert.StartsWith($"KG0011 Error Source0.cs({line + 1},{column + 1}): Index '-1' is negative", listing);
    }

    [Fact]
    public void A_verified_file_with_CRLF_line_endings_and_a_BOM_still_matches()
    {
        var run = KernelGeneratorRunner.Run(SnapshotSources.Losses(SnapshotSources.Softmax));
        string text = "//HintName: Demo.Losses.Softmax.g.cs\n" + run.GeneratedFiles[SnapshotSources.SoftmaxHint];
        File.WriteAllText(_project.File("SampleTests.Run.verified.cs"), text.Replace("\n", "\r\n"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Contains("\r\n", File.ReadAllText(_project.File("SampleTests.Run.verified.cs")));

        KernelSnapshot.VerifyKernel(run, "Losses.Softmax", sourceFile: TestFile, testMethod: "Run");

        Assert.Equal(new[] { "SampleTests.Run.verified.cs" }, _project.FileNames());
    }

    [Fact]
    public void Directory_and_file_name_settings_place_the_files_like_UseDirectory_and_UseFileName()
    {
        var settings = new SnapshotSettings { Directory = "Snapshots", FileName = "Losses.Softmax" };
        var failure = Assert.Throws<SnapshotMismatchException>(() => KernelSnapshot.VerifyText("one\ntwo\n", settings, "md", sourceFile: TestFile, testMethod: "Run"));

        Assert.Equal(new[] { Path.Combine("Snapshots", "Losses.Softmax.received.md") }, _project.FileNames());
        Assert.Contains(Path.Combine(_project.Path, "Snapshots", "Losses.Softmax.verified.md"), failure.Message);
        Assert.Equal("one\ntwo\n", File.ReadAllText(_project.File(Path.Combine("Snapshots", "Losses.Softmax.received.md"))));
    }

    [Fact]
    public void The_diff_has_real_hunk_headers_with_three_lines_of_context_and_separate_hunks()
    {
        string verified = string.Join("", Enumerable.Range(1, 20).Select(i => $"line {i}\n"));
        string received = verified.Replace("line 2\n", "line two\n").Replace("line 17\n", "").Replace("line 20\n", "line 20\nline 21\n");
        File.WriteAllText(_project.File("SampleTests.Run.verified.txt"), verified);

        var failure = Assert.Throws<SnapshotMismatchException>(() => KernelSnapshot.VerifyText(received, sourceFile: TestFile, testMethod: "Run"));

        string diff = failure.Message[failure.Message.IndexOf("--- ", StringComparison.Ordinal)..];
        Assert.Equal("""
            --- SampleTests.Run.verified.txt
            +++ SampleTests.Run.received.txt
            @@ -1,5 +1,5 @@
             line 1
            -line 2
            +line two
             line 3
             line 4
             line 5
            @@ -14,7 +14,7 @@
             line 14
             line 15
             line 16
            -line 17
             line 18
             line 19
             line 20
            +line 21
            """, diff);
    }

    [Fact]
    public void An_insertion_at_the_start_of_an_empty_verified_file_has_an_empty_old_range()
    {
        File.WriteAllText(_project.File("SampleTests.Run.verified.txt"), "");

        var failure = Assert.Throws<SnapshotMismatchException>(() => KernelSnapshot.VerifyText("new\n", sourceFile: TestFile, testMethod: "Run"));

        Assert.EndsWith("@@ -0,0 +1,1 @@\n+new", failure.Message);
    }

    [Fact]
    public void A_file_name_with_a_directory_in_it_is_rejected_with_the_setting_to_use()
    {
        var error = Assert.Throws<ArgumentException>(() => KernelSnapshot.VerifyText("x", new SnapshotSettings { FileName = "sub/name" }, sourceFile: TestFile, testMethod: "Run"));
        Assert.Contains("'sub/name' is not a file name", error.Message);
        Assert.Contains("SnapshotSettings.Directory", error.Message);
        Assert.Empty(_project.FileNames());
    }

    [Fact]
    public void A_test_source_path_that_does_not_exist_here_is_explained()
    {
        string mapped = Path.Combine(_project.Path, "not-here", "SampleTests.cs");
        var error = Assert.Throws<InvalidOperationException>(() => KernelSnapshot.VerifyText("x", sourceFile: mapped, testMethod: "Run"));
        Assert.Contains("PathMap or ContinuousIntegrationBuild", error.Message);
        Assert.Empty(_project.FileNames());
    }

    [Fact]
    public void A_run_with_nothing_generated_is_not_a_snapshot()
    {
        var run = KernelGeneratorRunner.Run("namespace Demo; public static class Plain { public static int One() => 1; }");
        var error = Assert.Throws<ArgumentException>(() => KernelSnapshot.Verify(run, sourceFile: TestFile, testMethod: "Run"));
        Assert.Contains("nothing to snapshot", error.Message);
    }

    /// <summary>What the user does to accept a snapshot: move the received file over the verified one.</summary>
    private void Accept(string name, string extension = "cs")
        => File.Move(_project.File($"{name}.received.{extension}"), _project.File($"{name}.verified.{extension}"), overwrite: true);
}
