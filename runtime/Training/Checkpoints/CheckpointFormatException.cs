using System;
using System.IO;

namespace KernelGen.Checkpoints;

/// <summary>A checkpoint file could not be read: the message names the file and what is wrong with it.</summary>
public sealed class CheckpointFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/> with the problem described by <paramref name="problem"/>.</summary>
    public CheckpointFormatException(string path, string problem)
        : base($"Checkpoint '{path}': {problem}")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file that was being read.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
