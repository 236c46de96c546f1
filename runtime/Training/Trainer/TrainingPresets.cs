using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelGen.Training;

/// <summary>Named training recipes: starting points that any single option can change.</summary>
public static class TrainingPresets
{
    /// <summary>d2l's softmax-regression recipe: 10 epochs, batch 256, lr 0.1, plain SGD (0.917 test accuracy on MNIST).</summary>
    public static TrainingOptions D2l { get; } = new();

    /// <summary>
    /// Softmax regression on MNIST, trained to convergence within about 2 s of one thread: momentum SGD with a cosine
    /// schedule (a large rate early, annealed to zero so the last epochs settle into the minimum) and a small weight decay.
    /// </summary>
    public static TrainingOptions Converge { get; } = new()
    {
        Epochs = 30,
        BatchSize = 256,
        LearningRate = 0.5f,
        Momentum = 0.9f,
        WeightDecay = 1e-4f,
        Schedule = ScheduleKind.Cosine,
    };

    private static readonly Dictionary<string, TrainingOptions> s_byName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["d2l"] = D2l,
        ["converge"] = Converge,
    };

    /// <summary>The preset names, for a command line's choices.</summary>
    public static IReadOnlyList<string> Names { get; } = s_byName.Keys.ToArray();

    /// <summary>The preset called <paramref name="name"/> (case does not matter).</summary>
    /// <exception cref="ArgumentException">There is no such preset; the message lists the ones there are.</exception>
    public static TrainingOptions Get(string name)
        => s_byName.TryGetValue(name ?? throw new ArgumentNullException(nameof(name)), out var options)
            ? options
            : throw new ArgumentException($"There is no preset '{name}'; the presets are {string.Join(", ", Names)}.", nameof(name));
}
