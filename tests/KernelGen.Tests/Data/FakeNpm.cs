using System;
using System.IO;

namespace KernelGen.Tests.Data;

/// <summary>Writes a stand-in for the npm executable: a shell script, or a batch file on Windows.</summary>
public static class FakeNpm
{
    public static string Write(string directory, string unix, string windows)
    {
        if (OperatingSystem.IsWindows())
        {
            string batch = Path.Combine(directory, "npm.cmd");
            File.WriteAllText(batch, "@echo off\r\n" + windows + "\r\n");
            return batch;
        }

        string script = Path.Combine(directory, "npm");
        File.WriteAllText(script, "#!/bin/sh\n" + unix + "\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }
}
