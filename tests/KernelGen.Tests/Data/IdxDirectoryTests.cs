using KernelGen.Tests.Infrastructure;
using System;
using System.IO;
using KernelGen.Data;
using Xunit;
using static KernelGen.Tests.Data.IdxTestFiles;

namespace KernelGen.Tests.Data;

/// <summary><see cref="IdxDirectory"/>: finding the four MNIST-named files, raw or gzipped, and saying which are missing.</summary>
public sealed class IdxDirectoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Loads_a_mix_of_raw_and_gzipped_files()
    {
        WriteImages(_dir.File("train-images-idx3-ubyte.gz"), 3, 2, 2, Pixels(12), gzip: true);
        WriteLabels(_dir.File("train-labels-idx1-ubyte"), [0, 1, 2]);
        WriteImages(_dir.File("t10k-images-idx3-ubyte"), 2, 2, 2, Pixels(8));
        WriteLabels(_dir.File("t10k-labels-idx1-ubyte.gz"), [2, 1], gzip: true);

        (Dataset train, Dataset test) = IdxDirectory.LoadTrainTest(_dir.Path);

        Assert.Equal((3, 4, 3), (train.Count, train.Features, train.Classes));
        Assert.Equal((2, 4), (test.Count, test.Features));
        Assert.Equal(new byte[] { 2, 1 }, test.Labels.ToArray());
        Assert.Equal(Pixels(12)[5] / 255f, train.Pixels[5]);
    }

    [Fact]
    public void Sets_that_disagree_on_the_inferred_class_count_are_an_error_naming_the_stray_label()
    {
        // One training label of 9 where the test labels stop at 1: a stray label, or a test split that lacks classes.
        WriteAll(trainLabels: [0, 9], testLabels: [0, 1]);

        var error = Assert.Throws<IdxFormatException>(() => IdxDirectory.LoadTrainTest(_dir.Path));

        Assert.Equal(_dir.File("train-labels-idx1-ubyte"), error.FilePath);
        Assert.Contains("label 9 at index 1 is above every label of the other set (0 to 1)", error.Message);
        Assert.Contains("give the class count (--classes 10)", error.Message);
    }

    [Fact]
    public void A_given_class_count_is_used_for_both_sets()
    {
        WriteAll(trainLabels: [0, 9], testLabels: [0, 1]);

        (Dataset train, Dataset test) = IdxDirectory.LoadTrainTest(_dir.Path, classes: 10);

        Assert.Equal(10, train.Classes);
        Assert.Equal(10, test.Classes);
    }

    [Fact]
    public void A_test_label_the_training_set_lacks_is_an_error_about_the_test_labels()
    {
        WriteAll(trainLabels: [0, 1], testLabels: [0, 2]);

        var error = Assert.Throws<IdxFormatException>(() => IdxDirectory.LoadTrainTest(_dir.Path));

        Assert.Equal(_dir.File("t10k-labels-idx1-ubyte"), error.FilePath);
        Assert.Contains("label 2 at index 1 is above every label of the other set (0 to 1)", error.Message);

        error = Assert.Throws<IdxFormatException>(() => IdxDirectory.LoadTrainTest(_dir.Path, classes: 2));
        Assert.Contains("label 2 at index 1 is not below the class count 2", error.Message);
    }

    [Fact]
    public void The_raw_file_wins_when_both_forms_exist()
    {
        WriteLabels(_dir.File("train-labels-idx1-ubyte"), [1]);
        WriteLabels(_dir.File("train-labels-idx1-ubyte.gz"), [2], gzip: true);

        Assert.Equal(_dir.File("train-labels-idx1-ubyte"), IdxDirectory.Find(_dir.Path, "train-labels-idx1-ubyte"));
        Assert.Null(IdxDirectory.Find(_dir.Path, "t10k-labels-idx1-ubyte"));
    }

    [Fact]
    public void Missing_files_are_listed_with_the_directory()
    {
        WriteImages(_dir.File("train-images-idx3-ubyte"), 1, 1, 1, [0]);
        WriteLabels(_dir.File("train-labels-idx1-ubyte.gz"), [0], gzip: true);

        var error = Assert.Throws<FileNotFoundException>(() => IdxDirectory.LoadTrainTest(_dir.Path));

        Assert.StartsWith($"{_dir.Path}: missing t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] (looked for train-images-idx3-ubyte[.gz],", error.Message);
        Assert.Contains("MnistCache.EnsureMnist()", error.Message);
        Assert.Equal(_dir.File("t10k-images-idx3-ubyte"), error.FileName);
    }

    [Fact]
    public void A_missing_directory_is_named()
    {
        string missing = _dir.File("no-such-folder");

        var error = Assert.Throws<DirectoryNotFoundException>(() => IdxDirectory.LoadTrainTest(missing));

        Assert.StartsWith($"{missing}: no such directory; looked there for train-images-idx3-ubyte[.gz]", error.Message);
    }

    private void WriteAll(byte[] trainLabels, byte[] testLabels)
    {
        WriteImages(_dir.File("train-images-idx3-ubyte"), trainLabels.Length, 1, 1, new byte[trainLabels.Length]);
        WriteLabels(_dir.File("train-labels-idx1-ubyte"), trainLabels);
        WriteImages(_dir.File("t10k-images-idx3-ubyte"), testLabels.Length, 1, 1, new byte[testLabels.Length]);
        WriteLabels(_dir.File("t10k-labels-idx1-ubyte"), testLabels);
    }
}
