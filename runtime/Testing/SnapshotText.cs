using System.IO;
using System.Text;

namespace KernelGen.Testing;

/// <summary>How snapshot files are read, compared and written, so a checkout's line endings or an editor's BOM never fail a test.</summary>
internal static class SnapshotText
{
    private static readonly UTF8Encoding s_utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The text with <c>\r\n</c> (and a lone <c>\r</c>) as <c>\n</c> and without a leading BOM.</summary>
    public static string Normalise(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n").Replace('\r', '\n');

    public static string Read(string path) => Normalise(File.ReadAllText(path));

    /// <summary>Writes UTF-8 without a BOM, with <c>\n</c> line endings.</summary>
    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Normalise(text), s_utf8NoBom);
    }
}
