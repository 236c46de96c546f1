using System;
using System.Collections.Generic;

namespace KernelGen.Benchmarks;

/// <summary>
/// What the smoke run (<c>--smoke</c>) can see of a benchmark's work. BenchmarkDotNet never looks at results, so a
/// benchmark that writes NaN, or skips part of its output, shows up as a fast number instead of a failure.
/// </summary>
internal interface ISmokeCheck
{
    /// <summary>The buffers every benchmark method of the class overwrites in full. The smoke run fills them with
    /// NaN before each method, so a method that skips one fails as surely as one that computes NaN.</summary>
    IEnumerable<Memory<float>> Outputs() => Array.Empty<Memory<float>>();

    /// <summary>What is wrong with the last method's result beyond its buffers, or null.</summary>
    string? Problem() => null;
}
