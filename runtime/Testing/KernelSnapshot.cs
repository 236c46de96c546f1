using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace KernelGen.Testing;

/// <summary>
/// Snapshot tests of generated kernel code, with Verify's file conventions. The reviewed copy of a snapshot is
/// <c>{TestClass}.{TestMethod}.verified.cs</c> next to the test's source file. When the text differs, or there is
/// no verified file yet, the text is written to the matching <c>.received.cs</c> file and a
/// <see cref="SnapshotMismatchException"/> is thrown with a unified diff. To accept a change, review it, then move
/// the received file over the verified one.
/// </summary>
public static class KernelSnapshot
{
    /// <summary>
    /// Verifies every file of the run, each as <c>{Name}#{HintName without .cs}.verified.cs</c> starting with the line
    /// <c>//HintName: {HintName}</c> (as Verify.SourceGenerators writes them), and the generator's diagnostics, when
    /// there are any, as <c>{Name}.verified.txt</c>. A verified file of a kernel that is no longer generated fails too.
    /// </summary>
    /// <param name="run">The generator run, from <see cref="KernelGeneratorRunner"/>.</param>
    /// <param name="settings">The snapshot's directory and name, when the defaults do not fit.</param>
    /// <param name="sourceFile">Filled in by the compiler: the test's source file.</param>
    /// <param name="testMethod">Filled in by the compiler: the test method.</param>
    /// <exception cref="SnapshotMismatchException">A snapshot is new, changed or no longer produced.</exception>
    public static void Verify(KernelGeneratorRun run, SnapshotSettings? settings = null, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testMethod = "")
    {
        ArgumentNullException.ThrowIfNull(run);
        var files = SnapshotFiles.For(settings, sourceFile, testMethod);
        if (run.GeneratedFiles.Count == 0 && run.GeneratorDiagnostics.IsEmpty)
            throw new ArgumentException("The run generated no files and reported no diagnostics, so there is nothing to snapshot. Check that the sources declare [Kernel] methods (with 'using KernelGen;').", nameof(run));

        var failures = new List<string>();
        foreach (var (hint, text) in run.GeneratedFiles)
            if (SnapshotCheck.Compare(WithHintName(hint, text), files.VerifiedOf(hint), files.ReceivedOf(hint)) is { } failure) failures.Add(failure);

        // A verified file without a generated file: a kernel was removed or renamed, and its snapshot would rot unseen.
        foreach (var (hint, path) in files.Existing("verified"))
            if (!run.GeneratedFiles.ContainsKey(hint + ".cs"))
                failures.Add(SnapshotCheck.Orphan(path, $"The run generated no '{hint}.cs': a kernel was removed or renamed, or the generator now rejects it (see the diagnostics)."));
        foreach (var (hint, path) in files.Existing("received"))
            if (!run.GeneratedFiles.ContainsKey(hint + ".cs")) SnapshotCheck.DeleteIfExists(path);

        if (!run.GeneratorDiagnostics.IsEmpty)
        {
            if (SnapshotCheck.Compare(DiagnosticListing.Create(run.GeneratorDiagnostics), files.Verified("txt"), files.Received("txt")) is { } failure) failures.Add(failure);
        }
        else
        {
            SnapshotCheck.DeleteIfExists(files.Received("txt"));
            if (System.IO.File.Exists(files.Verified("txt")))
                failures.Add(SnapshotCheck.Orphan(files.Verified("txt"), "The generator reports no diagnostics any more."));
        }
        SnapshotCheck.ThrowIfAny(failures, run.GeneratedFiles.Count + 1);
    }

    /// <summary>
    /// Verifies one kernel's generated file as <c>{Name}.verified.cs</c>, starting with the line <c>//HintName: {HintName}</c>.
    /// The kernel is named as in <see cref="KernelGeneratorRun.Kernel(string)"/>, for example <c>"Losses.Softmax"</c>.
    /// </summary>
    /// <param name="run">The generator run, from <see cref="KernelGeneratorRunner"/>.</param>
    /// <param name="typeAndMethod">The kernel, <c>"Type.Method"</c>.</param>
    /// <param name="settings">The snapshot's directory and name, when the defaults do not fit.</param>
    /// <param name="sourceFile">Filled in by the compiler: the test's source file.</param>
    /// <param name="testMethod">Filled in by the compiler: the test method.</param>
    /// <exception cref="SnapshotMismatchException">The snapshot is new or changed.</exception>
    /// <exception cref="KeyNotFoundException">The run has no such kernel; the message lists the files it has.</exception>
    public static void VerifyKernel(KernelGeneratorRun run, string typeAndMethod, SnapshotSettings? settings = null, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testMethod = "")
    {
        ArgumentNullException.ThrowIfNull(run);
        var files = SnapshotFiles.For(settings, sourceFile, testMethod);
        var file = run.Kernel(typeAndMethod);
        SnapshotCheck.ThrowIfAny(SnapshotCheck.Collect(SnapshotCheck.Compare(WithHintName(file.HintName, file.Text), files.Verified("cs"), files.Received("cs"))), 1);
    }

    /// <summary>Verifies any text as <c>{Name}.verified.{extension}</c>.</summary>
    /// <param name="text">The text to compare with the verified file.</param>
    /// <param name="settings">The snapshot's directory and name, when the defaults do not fit.</param>
    /// <param name="extension">The files' extension without the dot: <c>"cs"</c> for code, <c>"txt"</c> by default.</param>
    /// <param name="sourceFile">Filled in by the compiler: the test's source file.</param>
    /// <param name="testMethod">Filled in by the compiler: the test method.</param>
    /// <exception cref="SnapshotMismatchException">The snapshot is new or changed.</exception>
    public static void VerifyText(string text, SnapshotSettings? settings = null, string extension = "txt", [CallerFilePath] string sourceFile = "", [CallerMemberName] string testMethod = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(extension) || extension.StartsWith('.') || extension.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0)
            throw new ArgumentException($"'{extension}' is not a file extension: pass it without the dot, for example \"cs\" or \"txt\".", nameof(extension));
        var files = SnapshotFiles.For(settings, sourceFile, testMethod);
        SnapshotCheck.ThrowIfAny(SnapshotCheck.Collect(SnapshotCheck.Compare(text, files.Verified(extension), files.Received(extension))), 1);
    }

    /// <summary>A generated file's snapshot text: Verify.SourceGenerators' first line, then the code.</summary>
    private static string WithHintName(string hintName, string text) => $"//HintName: {hintName}\n{text}";
}
