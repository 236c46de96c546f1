using System;
using System.Collections.Generic;
using System.IO;

namespace KernelGen.Data;

/// <summary>
/// Loads a train/test pair of data sets from a directory laid out as MNIST and Fashion-MNIST are published:
/// <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c> and
/// <c>t10k-labels-idx1-ubyte</c>, each either raw or with <c>.gz</c> added.
/// </summary>
public static class IdxDirectory
{
    /// <summary>File name of the training images.</summary>
    public const string TrainImages = "train-images-idx3-ubyte";

    /// <summary>File name of the training labels.</summary>
    public const string TrainLabels = "train-labels-idx1-ubyte";

    /// <summary>File name of the test images.</summary>
    public const string TestImages = "t10k-images-idx3-ubyte";

    /// <summary>File name of the test labels.</summary>
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>The four file names, in the order train images, train labels, test images, test labels.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>
    /// Loads the training and test sets from <paramref name="directory"/>, with the same class count, so a model sized
    /// from the training set can score every test label.
    /// </summary>
    /// <param name="directory">The directory holding the four files.</param>
    /// <param name="classes">
    /// The number of classes; null to infer it as the largest label + 1, which must then be the same in both sets (a
    /// stray label in one file is an error that names it, rather than a model with a class too many).
    /// </param>
    /// <returns>The training and test sets.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> does not exist.</exception>
    /// <exception cref="FileNotFoundException">Some of the four files are missing; the message lists which.</exception>
    /// <exception cref="IdxFormatException">A file is malformed or the files do not match.</exception>
    public static (Dataset Train, Dataset Test) LoadTrainTest(string directory, int? classes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{directory}: no such directory; looked there for {Describe(FileNames)}. {WhereToGetIt}");

        var found = new string[FileNames.Count];
        var missing = new List<string>();
        for (int i = 0; i < found.Length; i++)
        {
            string? path = Find(directory, FileNames[i]);
            if (path is null)
                missing.Add(FileNames[i]);
            found[i] = path ?? "";
        }
        if (missing.Count > 0)
            throw new FileNotFoundException(
                $"{directory}: missing {Describe(missing)} (looked for {Describe(FileNames)}). {WhereToGetIt}",
                Path.Combine(directory, missing[0]));

        if (classes is not null)
            return (Dataset.Load(found[0], found[1], classes), Dataset.Load(found[2], found[3], classes));

        // The class count is inferred: both sets must agree on it. One stray label (a 10, a 255) in one file would
        // otherwise make an 11- or 256-class model in silence.
        Dataset train = Dataset.Load(found[0], found[1]);
        Dataset test = Dataset.Load(found[2], found[3]);
        if (train.Classes != test.Classes)
        {
            var (wider, narrower, labelsPath) = train.Classes > test.Classes ? (train, test, found[1]) : (test, train, found[3]);
            int index = wider.Labels.IndexOf((byte)(wider.Classes - 1));
            throw new IdxFormatException(labelsPath,
                $"label {wider.Classes - 1} at index {index} is above every label of the other set (0 to {narrower.Classes - 1}), so the two sets disagree " +
                $"on the number of classes ({wider.Classes} against {narrower.Classes}). If the label is wrong, fix the file; if the data really has " +
                $"{wider.Classes} classes, give the class count (--classes {wider.Classes}).");
        }
        return (train, test);
    }

    /// <summary>
    /// The path of <paramref name="name"/> in <paramref name="directory"/>, raw or with <c>.gz</c>; the raw file
    /// wins when both exist, as it is the faster to read. Null when neither exists.
    /// </summary>
    /// <param name="directory">The directory to look in.</param>
    /// <param name="name">The file name without <c>.gz</c>, e.g. <see cref="TrainImages"/>.</param>
    public static string? Find(string directory, string name)
    {
        string raw = Path.Combine(directory, name);
        if (File.Exists(raw))
            return raw;
        string gzip = raw + ".gz";
        return File.Exists(gzip) ? gzip : null;
    }

    private const string WhereToGetIt =
        "Put the MNIST (or Fashion-MNIST) IDX files there, raw or gzipped, or use MnistCache.EnsureMnist() to fetch MNIST.";

    private static string Describe(IEnumerable<string> names)
    {
        var described = new List<string>();
        foreach (string name in names)
            described.Add($"{name}[.gz]");
        return string.Join(", ", described);
    }
}
