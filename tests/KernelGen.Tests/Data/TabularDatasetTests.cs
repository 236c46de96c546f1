using System;
using KernelGen.Data;
using Xunit;

namespace KernelGen.Tests.Data;

/// <summary><see cref="Dataset.Classification"/> and <see cref="Dataset.Regression"/>: shapes, gathers, copies, and misuse.</summary>
public sealed class TabularDatasetTests
{
    // Four examples of three features; example i's features are 10i, 10i + 1, 10i + 2.
    private static readonly float[] s_features = [0f, 1f, 2f, 10f, 11f, 12f, 20f, 21f, 22f, 30f, 31f, 32f];

    [Fact]
    public void Classification_keeps_features_and_labels_as_given()
    {
        Dataset set = Dataset.Classification(s_features, 3, [2, 0, 1, 2]);

        Assert.Equal((4, 1, 3, 3, 3), (set.Count, set.Rows, set.Columns, set.Features, set.Classes));
        Assert.True(set.HasLabels);
        Assert.Equal(0, set.TargetLength);
        Assert.True(set.Targets.IsEmpty);
        Assert.Equal(s_features, set.Pixels.ToArray());
        Assert.Equal(new byte[] { 2, 0, 1, 2 }, set.Labels.ToArray());
        Assert.Equal(new[] { 20f, 21f, 22f }, set.Image(2).ToArray());
        Assert.Equal(1, set.Label(2));
    }

    [Fact]
    public void Classification_takes_a_given_class_count_above_the_largest_label()
    {
        Assert.Equal(10, Dataset.Classification(s_features, 3, [2, 0, 1, 2], classes: 10).Classes);
        Assert.Equal(256, Dataset.Classification([1f], 1, [255]).Classes);
    }

    [Fact]
    public void CopyFeatures_and_CopyLabels_gather_in_the_order_given()
    {
        Dataset set = Dataset.Classification(s_features, 3, [2, 0, 1, 2]);
        int[] order = [3, 0, 3, 1];

        var features = new float[order.Length * 3];
        var images = new float[order.Length * 3];
        var labels = new int[order.Length];
        set.CopyFeatures(order, features);
        set.CopyImages(order, images);
        set.CopyLabels(order, labels);

        Assert.Equal(new[] { 30f, 31f, 32f, 0f, 1f, 2f, 30f, 31f, 32f, 10f, 11f, 12f }, features);
        Assert.Equal(features, images);
        Assert.Equal(new[] { 2, 2, 2, 0 }, labels);
    }

    [Fact]
    public void Regression_keeps_features_and_targets_and_gathers_them_in_order()
    {
        // Two targets per example: 100i and -i.
        float[] targets = [0f, -0f, 100f, -1f, 200f, -2f, 300f, -3f];
        Dataset set = Dataset.Regression(s_features, 3, targets, targetLength: 2);

        Assert.Equal((4, 1, 3, 3, 0, 2), (set.Count, set.Rows, set.Columns, set.Features, set.Classes, set.TargetLength));
        Assert.False(set.HasLabels);
        Assert.True(set.Labels.IsEmpty);
        Assert.Equal(s_features, set.Pixels.ToArray());
        Assert.Equal(targets, set.Targets.ToArray());
        Assert.Equal(new[] { 200f, -2f }, set.Target(2).ToArray());

        int[] order = [2, 2, 0, 3];
        var features = new float[order.Length * 3];
        var batch = new float[order.Length * 2];
        set.CopyFeatures(order, features);
        set.CopyTargets(order, batch);

        Assert.Equal(new[] { 20f, 21f, 22f, 20f, 21f, 22f, 0f, 1f, 2f, 30f, 31f, 32f }, features);
        Assert.Equal(new[] { 200f, -2f, 200f, -2f, 0f, -0f, 300f, -3f }, batch);
    }

    [Fact]
    public void Regression_has_one_target_per_example_by_default()
    {
        Dataset set = Dataset.Regression(s_features, 3, [1.5f, -2.5f, 3.5f, 4.5f]);

        Assert.Equal((4, 1), (set.Count, set.TargetLength));
        Assert.Equal(-2.5f, Assert.Single(set.Target(1).ToArray()));
    }

    [Fact]
    public void The_factories_copy_so_the_set_stays_immutable()
    {
        float[] features = [1f, 2f];
        int[] labels = [1, 0];
        float[] targets = [5f, 6f];

        Dataset classified = Dataset.Classification(features, 1, labels);
        Dataset regressed = Dataset.Regression(features, 1, targets);
        features[0] = 9f;
        labels[0] = 0;
        targets[0] = 9f;

        Assert.Equal(1f, classified.Image(0)[0]);
        Assert.Equal(1, classified.Label(0));
        Assert.Equal(1f, regressed.Image(0)[0]);
        Assert.Equal(5f, regressed.Target(0)[0]);
    }

    [Fact]
    public void Labels_on_a_regression_set_are_an_error_that_says_why()
    {
        Dataset set = Dataset.Regression(s_features, 3, [1f, 2f, 3f, 4f]);

        var label = Assert.Throws<InvalidOperationException>(() => set.Label(0));
        var copy = Assert.Throws<InvalidOperationException>(() => set.CopyLabels([0], new int[1]));

        Assert.Contains("is a regression set: it has targets, not labels", label.Message);
        Assert.Contains("Label", label.Message);
        Assert.Contains("is a regression set: it has targets, not labels", copy.Message);
        Assert.Contains("CopyLabels", copy.Message);
        Assert.True(set.Labels.IsEmpty);
    }

    [Fact]
    public void Targets_on_a_classification_set_are_an_error_that_says_why()
    {
        Dataset set = Dataset.Classification(s_features, 3, [0, 1, 0, 1]);

        var target = Assert.Throws<InvalidOperationException>(() => set.Target(0).Length);
        var copy = Assert.Throws<InvalidOperationException>(() => set.CopyTargets([0], new float[1]));

        Assert.Contains("is a classification set: it has labels, not targets", target.Message);
        Assert.Contains("is a classification set: it has labels, not targets", copy.Message);
        Assert.True(set.Targets.IsEmpty);
    }

    [Fact]
    public void The_image_set_from_the_constructor_is_a_classification_set()
    {
        var set = new Dataset(new float[] { 0.5f, 0.25f }, new byte[] { 1, 0 }, rows: 1, columns: 1);

        Assert.True(set.HasLabels);
        Assert.Equal(0, set.TargetLength);
        var labels = new int[2];
        set.CopyLabels([1, 0], labels);
        Assert.Equal(new[] { 0, 1 }, labels);
        Assert.Throws<InvalidOperationException>(() => set.Target(0).Length);
    }

    [Fact]
    public void Copies_reject_a_wrong_destination_and_indices_outside_the_set()
    {
        Dataset classified = Dataset.Classification(s_features, 3, [0, 1, 0, 1]);
        Dataset regressed = Dataset.Regression(s_features, 3, [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], targetLength: 2);

        Assert.Contains("2 examples of 3 features need 6", Assert.Throws<ArgumentException>(() => classified.CopyFeatures([0, 1], new float[5])).Message);
        Assert.Contains("2 examples need 2 labels", Assert.Throws<ArgumentException>(() => classified.CopyLabels([0, 1], new int[3])).Message);
        Assert.Contains("2 examples of 2 targets need 4", Assert.Throws<ArgumentException>(() => regressed.CopyTargets([0, 1], new float[3])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => classified.CopyLabels([4], new int[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => classified.CopyFeatures([-1], new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => regressed.CopyTargets([0, 4], new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => regressed.Target(4).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => regressed.Target(-1).Length);
    }

    [Fact]
    public void Classification_names_the_index_and_value_of_a_bad_label()
    {
        Assert.Contains("Label -1 at index 2 is negative",
            Assert.Throws<ArgumentException>(() => Dataset.Classification(s_features, 3, [0, 1, -1, 0])).Message);
        Assert.Contains("Label 5 at index 3 is not below the class count 5",
            Assert.Throws<ArgumentException>(() => Dataset.Classification(s_features, 3, [0, 1, 4, 5], classes: 5)).Message);
        Assert.Contains("Label 256 at index 1 is above 255",
            Assert.Throws<ArgumentException>(() => Dataset.Classification(s_features, 3, [0, 256, 4, 5])).Message);
    }

    [Fact]
    public void Classification_checks_sizes_and_the_class_count()
    {
        Assert.Throws<ArgumentException>(() => Dataset.Classification(s_features, 3, [0, 1, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dataset.Classification(s_features, 0, [0, 1, 0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dataset.Classification(s_features, 3, [0, 1, 0, 1], classes: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dataset.Classification(s_features, 3, [0, 1, 0, 1], classes: 257));
        Assert.Throws<ArgumentException>(() => Dataset.Classification([], 3, []));
        Assert.Equal(0, Dataset.Classification([], 3, [], classes: 2).Count);
    }

    [Fact]
    public void Regression_checks_sizes()
    {
        Assert.Throws<ArgumentException>(() => Dataset.Regression(s_features, 3, [1f, 2f, 3f]));
        Assert.Throws<ArgumentException>(() => Dataset.Regression(s_features, 3, [1f, 2f, 3f, 4f, 5f], targetLength: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dataset.Regression(s_features, 0, [1f, 2f, 3f, 4f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dataset.Regression(s_features, 3, [1f, 2f, 3f, 4f], targetLength: 0));
        Assert.Equal(0, Dataset.Regression([], 3, []).Count);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void The_factories_name_the_example_and_column_of_a_value_that_is_not_finite(float bad, string shown)
    {
        float[] features = (float[])s_features.Clone();
        features[7] = bad; // example 2, feature 1

        string classified = Assert.Throws<ArgumentException>(() => Dataset.Classification(features, 3, [0, 1, 0, 1])).Message;
        string regressed = Assert.Throws<ArgumentException>(() => Dataset.Regression(features, 3, [1f, 2f, 3f, 4f])).Message;
        string target = Assert.Throws<ArgumentException>(() => Dataset.Regression(s_features, 3, [1f, 2f, 3f, 4f, 5f, 6f, bad, 8f], targetLength: 2)).Message;

        Assert.Contains($"Example 2, feature 1: {shown} is not a finite number", classified);
        Assert.Contains($"Example 2, feature 1: {shown} is not a finite number", regressed);
        Assert.Contains($"Example 3, target 0: {shown} is not a finite number", target);
    }
}
