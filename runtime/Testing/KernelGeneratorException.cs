using System;

namespace KernelGen.Testing;

/// <summary>
/// The KernelGen generator threw instead of reporting a diagnostic: a bug in KernelGen. In a build it is warning
/// CS8785 and the project gets no generated code. The generator's exception is the <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class KernelGeneratorException : Exception
{
    /// <summary>Wraps the exception the generator threw; made by <see cref="KernelGeneratorRunner"/> only.</summary>
    internal KernelGeneratorException(Exception thrown)
        : base($"The KernelGen generator threw {thrown?.GetType().Name}: {thrown?.Message} "
            + "In a build this is warning CS8785 and no kernel code is generated. Please report it with the kernel that caused it.", thrown)
    {
    }
}
