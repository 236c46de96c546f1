using KernelGen.Tests.Infrastructure;
using System;
using KernelGen.Data;
using Xunit;
using static KernelGen.Tests.Data.IdxTestFiles;

namespace KernelGen.Tests.Data;

/// <summary><see cref="Dataset"/>: loading a pair of IDX files, scaling, accessors, and the pair's consistency checks.</summary>
public sealed class DatasetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_scales_every_pixel_by_255_and_keeps_labels(bool gzip)
    {
        const int count = 20, rows = 4, columns = 4; // 320 pixels: every byte value occurs
        byte[] pixels = Pixels(count * rows * columns);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++)
            labels[i] = (byte)(i * 7 % 10);
        string images = WriteImages(_dir.File("images"), count, rows, columns, pixels, gzip);
        string labelFile = WriteLabels(_dir.File("labels"), labels, gzip);

        Dataset set = Dataset.Load(images, labelFile);

        Assert.Equal((count, rows, columns, rows * columns, 10), (set.Count, set.Rows, set.Columns, set.Features, set.Classes));
        Assert.Equal(pixels.Length, set.Pixels.Length);
        for (int i = 0; i < pixels.Length; i++)
            Assert.Equal(pixels[i] / 255f, set.Pixels[i]);
        for (int i = 0; i < count; i++)
        {
            Assert.True(set.Image(i).SequenceEqual(set.Pixels.Slice(i * set.Features, set.Features)));
            Assert.Equal(labels[i], set.Label(i));
        }
        Assert.Equal(labels, set.Labels.ToArray());
        Assert.Equal(0f, MinOf(set.Pixels));
        Assert.Equal(1f, MaxOf(set.Pixels));
    }

    [Fact]
    public void CopyImages_gathers_the_same_floats_as_Image_in_the_order_given()
    {
        // 3 x 5 = 15 pixels: one vector of eight and a tail of seven per image.
        const int count = 40, rows = 3, columns = 5;
        byte[] pixels = Pixels(count * rows * columns);
        string images = WriteImages(_dir.File("images"), count, rows, columns, pixels);
        string labels = WriteLabels(_dir.File("labels"), new byte[count]);
        Dataset loaded = Dataset.Load(images, labels, classes: 10);
        Dataset constructed = new(loaded.Pixels, loaded.Labels, rows, columns, classes: 10);
        int[] order = { 39, 0, 17, 17, 5, 38, 1, 22, 9, 30, 11, 2 };

        foreach (var set in new[] { loaded, constructed })
        {
            var batch = new float[order.Length * set.Features];
            set.CopyImages(order, batch);
            for (int r = 0; r < order.Length; r++)
            {
                for (int i = 0; i < set.Features; i++)
                    Assert.Equal(pixels[order[r] * set.Features + i] / 255f, batch[r * set.Features + i]);
            }
        }
    }

    [Fact]
    public void CopyImages_rejects_a_wrong_destination_and_indices_outside_the_set()
    {
        Dataset set = new(new float[3 * 4], new byte[] { 0, 1, 0 }, 2, 2);
        var error = Assert.Throws<ArgumentException>(() => set.CopyImages(new[] { 0, 1 }, new float[7]));
        Assert.Contains("2 images of 4 pixels need 8", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.CopyImages(new[] { 0, 3 }, new float[8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.CopyImages(new[] { -1 }, new float[4]));
    }

    [Fact]
    public void Load_takes_a_given_class_count_above_the_largest_label()
    {
        string images = WriteImages(_dir.File("images"), 2, 1, 1, [0, 255]);
        string labels = WriteLabels(_dir.File("labels"), [0, 3]);

        Assert.Equal(4, Dataset.Load(images, labels).Classes);
        Assert.Equal(10, Dataset.Load(images, labels, classes: 10).Classes);
    }

    [Fact]
    public void A_count_mismatch_names_both_files()
    {
        string images = WriteImages(_dir.File("train-images-idx3-ubyte"), 3, 1, 1, [1, 2, 3]);
        string labels = WriteLabels(_dir.File("t10k-labels-idx1-ubyte"), [1, 2]);

        string message = IdxReaderTests.AssertIdxError(labels, () => Dataset.Load(images, labels));

        Assert.Contains("holds 2 labels", message);
        Assert.Contains($"but {images} holds 3 images", message);
    }

    [Fact]
    public void A_label_not_below_the_class_count_names_the_file_index_and_value()
    {
        string images = WriteImages(_dir.File("images"), 4, 1, 1, [1, 2, 3, 4]);
        string labels = WriteLabels(_dir.File("labels"), [0, 9, 12, 10]);

        string message = IdxReaderTests.AssertIdxError(labels, () => Dataset.Load(images, labels, classes: 10));

        Assert.Contains("label 12 at index 2 is not below the class count 10", message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void A_class_count_outside_1_to_256_is_rejected(int classes)
    {
        string images = WriteImages(_dir.File("images"), 1, 1, 1, [1]);
        string labels = WriteLabels(_dir.File("labels"), [0]);

        Assert.Throws<ArgumentOutOfRangeException>(() => Dataset.Load(images, labels, classes));
    }

    [Fact]
    public void Accessors_reject_indices_outside_the_set()
    {
        var set = new Dataset(new float[] { 0.5f, 0.25f }, new byte[] { 1, 0 }, rows: 1, columns: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => set.Image(2).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Image(-1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Label(2));
    }

    [Fact]
    public void The_constructor_copies_so_the_set_stays_immutable()
    {
        float[] pixels = [0.5f, 0.25f, 1f, 0f];
        byte[] labels = [1, 0];

        var set = new Dataset(pixels, labels, rows: 1, columns: 2);
        pixels[0] = 9f;
        labels[0] = 7;

        Assert.Equal(0.5f, set.Image(0)[0]);
        Assert.Equal(1, set.Label(0));
        Assert.Equal(2, set.Classes);
    }

    [Fact]
    public void The_constructor_checks_sizes_and_labels()
    {
        Assert.Throws<ArgumentException>(() => new Dataset(new float[3], new byte[2], rows: 1, columns: 2));
        Assert.Throws<ArgumentException>(() => new Dataset(new float[2], new byte[] { 0, 5 }, rows: 1, columns: 1, classes: 5));
        Assert.Throws<ArgumentException>(() => new Dataset(ReadOnlySpan<float>.Empty, ReadOnlySpan<byte>.Empty, rows: 1, columns: 1));
        Assert.Equal(0, new Dataset(ReadOnlySpan<float>.Empty, ReadOnlySpan<byte>.Empty, rows: 1, columns: 1, classes: 3).Count);
    }

    private static float MinOf(ReadOnlySpan<float> values)
    {
        float min = float.MaxValue;
        foreach (float v in values)
            min = Math.Min(min, v);
        return min;
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        float max = float.MinValue;
        foreach (float v in values)
            max = Math.Max(max, v);
        return max;
    }
}
