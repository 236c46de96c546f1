using System;
using System.Linq;
using KernelGen.Metrics;
using Xunit;

namespace KernelGen.Tests.Metrics;

public sealed class ConfusionMatrixTests
{
    // (actual, predicted): class 0 right 3 of 4, class 1 right 2 of 3, class 2 right 3 of 4.
    private static readonly (int Actual, int Predicted)[] HandCase =
    {
        (0, 0), (0, 0), (0, 0), (0, 1),
        (1, 1), (1, 1), (1, 2),
        (2, 2), (2, 0), (2, 2), (2, 2),
    };

    private static ConfusionMatrix HandMatrix()
    {
        var matrix = new ConfusionMatrix(3);
        foreach ((int actual, int predicted) in HandCase)
            matrix.Add(actual, predicted);
        return matrix;
    }

    [Fact]
    public void CountsAreExact()
    {
        ConfusionMatrix m = HandMatrix();
        long[,] expected = { { 3, 1, 0 }, { 0, 2, 1 }, { 1, 0, 3 } };
        for (int a = 0; a < 3; a++)
        {
            for (int p = 0; p < 3; p++)
                Assert.Equal(expected[a, p], m[a, p]);
        }

        Assert.Equal(11, m.Total);
        Assert.Equal(8, m.Correct);
        Assert.Equal(8 / 11.0, m.Accuracy, 15);
    }

    [Fact]
    public void PrecisionAndRecallFollowColumnsAndRows()
    {
        ConfusionMatrix m = HandMatrix();
        Assert.Equal(3 / 4.0, m.Precision(0), 15); // column 0: 3 right, 1 from class 2
        Assert.Equal(2 / 3.0, m.Precision(1), 15);
        Assert.Equal(3 / 4.0, m.Precision(2), 15);
        Assert.Equal(3 / 4.0, m.Recall(0), 15);    // row 0: 3 of 4
        Assert.Equal(2 / 3.0, m.Recall(1), 15);
        Assert.Equal(3 / 4.0, m.Recall(2), 15);
    }

    [Fact]
    public void UndefinedRatiosAreNaN()
    {
        var m = new ConfusionMatrix(2);
        Assert.True(double.IsNaN(m.Accuracy));
        m.Add(0, 0);
        Assert.True(double.IsNaN(m.Recall(1)));    // no sample of class 1
        Assert.True(double.IsNaN(m.Precision(1))); // never predicted 1
        Assert.Equal(1.0, m.Accuracy);
    }

    [Fact]
    public void SpanAddAndMergeEqualAddingOneByOne()
    {
        int[] actual = HandCase.Select(p => p.Actual).ToArray();
        int[] predicted = HandCase.Select(p => p.Predicted).ToArray();
        var left = new ConfusionMatrix(3);
        left.Add(actual.AsSpan(0, 5), predicted.AsSpan(0, 5));
        var right = new ConfusionMatrix(3);
        right.Add(actual.AsSpan(5), predicted.AsSpan(5));

        left.Merge(right);

        Assert.Equal(HandMatrix().ToText(), left.ToText());
        Assert.Equal(6, right.Total); // the merged-in matrix is unchanged
    }

    [Fact]
    public void InvalidInputIsRejected()
    {
        var m = new ConfusionMatrix(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(0, -1));
        Assert.Throws<ArgumentException>(() => m.Merge(new ConfusionMatrix(4)));
        Assert.Throws<ArgumentException>(() => m.Add(new[] { 0, 1 }, new[] { 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfusionMatrix(0));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(2, new[] { "only one" }));
    }

    [Fact]
    public void TextTableMatchesTheExpectedLayout()
    {
        string expected = string.Join("\n",
            "             predicted",
            "     actual     0     1     2 | recall %",
            "----------------------------------------",
            "          0     3     1     0 |     75.0",
            "          1     0     2     1 |     66.7",
            "          2     1     0     3 |     75.0",
            "----------------------------------------",
            "precision %  75.0  66.7  75.0",
            "accuracy 72.7% (8 of 11)",
            "");
        Assert.Equal(expected, HandMatrix().ToText());
    }

    [Fact]
    public void TextTableColumnsLineUpForWideCountsAndLongNames()
    {
        var m = new ConfusionMatrix(3, new[] { "cat", "dog", "hippopotamus" });
        m.Add(0, 0);
        for (int i = 0; i < 123456; i++)
            m.Add(1, 1);
        m.Add(2, 0);

        string[] lines = m.ToText().Split('\n');
        string header = lines[1];
        string[] rows = lines.Skip(3).Take(3).ToArray();

        // Every row as long as the header, the recall bar in the same place.
        Assert.All(rows, row => Assert.Equal(header.Length, row.Length));
        Assert.All(rows, row => Assert.Equal(header.IndexOf('|'), row.IndexOf('|')));
        Assert.Equal(header.Length, lines[2].Length); // rule under the header spans it

        // Each class column is right-aligned: a count ends exactly where its column title ends.
        foreach (string name in new[] { "cat", "dog", "hippopotamus" })
        {
            int end = header.IndexOf(" " + name, StringComparison.Ordinal) + name.Length + 1;
            Assert.All(rows, row => Assert.True(char.IsDigit(row[end - 1]) && row[end] == ' ', $"'{row}' misaligned at {end}"));
        }

        Assert.Contains("123456", rows[1]);
        Assert.Equal("accuracy 100.0% (123457 of 123458)", lines[^2]); // 99.9992% rounds to one decimal
    }

    [Fact]
    public void EmptyMatrixRendersDashes()
    {
        string text = new ConfusionMatrix(2).ToText();
        Assert.Contains("accuracy - (0 of 0)", text);
        Assert.DoesNotContain("NaN", text);
    }
}
