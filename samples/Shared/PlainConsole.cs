using System;
using Spectre.Console;

namespace KernelGen.Samples;

/// <summary>
/// How the samples write to the console. On a terminal: colours, bold and a progress bar. Redirected to a file or a
/// pipe: plain text, whole lines (no wrapping at 80 columns) and no progress bar, for grep and for scripts. On a
/// terminal with NO_COLOR set (no-color.org) or TERM=dumb: plain text too, with the progress bar.
/// </summary>
internal static class PlainConsole
{
    /// <summary>True when the console shows a live progress bar (a terminal, not a file or a pipe).</summary>
    public static bool Interactive { get; private set; } = true;

    public static void Configure()
    {
        bool redirected = Console.IsOutputRedirected;
        bool plain = redirected
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        Interactive = !redirected;
        if (!plain) return;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        // A file has no width: a line is as long as what it says.
        if (redirected) AnsiConsole.Profile.Width = 4096;
    }
}
