using System;
using System.Collections.Generic;
using System.IO;
using Spectre.Console;

namespace KernelGen.Samples;

/// <summary>
/// Runs a command and turns what goes wrong into one clear line and an exit code, never a stack trace (unless
/// --verbose asks for it): the user's mistakes and the machine's faults (a path, a permission, the network) say what to
/// do; anything else is reported as a bug, with the way to see the trace.
/// </summary>
internal static class CommandErrors
{
    /// <summary>Exit code of a command that failed on bad input or a fault a user can act on.</summary>
    public const int Failed = 1;

    /// <summary>Exit code of a failure inside the program itself (EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    public static int Run(Func<int> command, bool verbose)
    {
        try
        {
            return command();
        }
        catch (Exception ex) when (IsActionable(ex))
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(Describe(ex))}");
            if (verbose) AnsiConsole.WriteLine(ex.ToString());
            return Failed;
        }
        catch (Exception ex)
        {
            AnsiConsole.MarkupLine($"[red]internal error:[/] {Markup.Escape(ex.GetType().Name + ": " + Describe(ex))}");
            AnsiConsole.MarkupLine(verbose ? Markup.Escape(ex.ToString()) : "Run again with --verbose for the stack trace, and please report it.");
            return InternalError;
        }
    }

    /// <summary>What a user can act on: bad input, a bad path or permission, a full disk, the network.</summary>
    private static bool IsActionable(Exception ex) => ex is IOException or UnauthorizedAccessException or ArgumentException or FormatException
        or InvalidOperationException or KeyNotFoundException or InvalidDataException or TimeoutException or NotSupportedException
        or KernelGen.Data.IdxFormatException or KernelGen.Training.TrainingDivergedException;

    /// <summary>The message, without the "(Parameter 'x')" and "Actual value was" lines .NET appends for the programmer.</summary>
    private static string Describe(Exception ex)
    {
        string message = ex.Message;
        if (ex is ArgumentException { ParamName: { } name })
        {
            int actual = message.IndexOf(Environment.NewLine + "Actual value was", StringComparison.Ordinal);
            if (actual >= 0) message = message[..actual];
            message = message.Replace($" (Parameter '{name}')", "");
        }
        return message;
    }
}
