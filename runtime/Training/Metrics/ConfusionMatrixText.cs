using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace KernelGen.Metrics;

/// <summary>Renders a <see cref="ConfusionMatrix"/> as a fixed-width table.</summary>
/// <remarks>
/// Percentages go without a "%" in the cells (the row and column titles carry the unit) so that ten MNIST
/// classes with four-digit counts fit in about 80 columns.
/// </remarks>
internal static class ConfusionMatrixText
{
    private const string Gap = "  ";
    private const string Separator = " | ";
    private const string ActualTitle = "actual";
    private const string PredictedTitle = "predicted";
    private const string PrecisionTitle = "precision %";
    private const string RecallTitle = "recall %";

    internal static string Render(ConfusionMatrix matrix, string[] names)
    {
        int k = matrix.ClassCount;
        string[,] counts = new string[k, k];
        for (int a = 0; a < k; a++)
        {
            for (int p = 0; p < k; p++)
                counts[a, p] = matrix[a, p].ToString(CultureInfo.InvariantCulture);
        }

        string[] recall = Enumerable.Range(0, k).Select(c => Percent(matrix.Recall(c))).ToArray();
        string[] precision = Enumerable.Range(0, k).Select(c => Percent(matrix.Precision(c))).ToArray();

        // One width for every class column keeps the grid regular.
        int column = counts.Cast<string>().Concat(names).Concat(precision).Max(s => s.Length);
        int first = names.Append(ActualTitle).Append(PrecisionTitle).Max(s => s.Length);
        int last = recall.Append(RecallTitle).Max(s => s.Length);

        var text = new StringBuilder();
        var line = new StringBuilder();
        void Emit() => text.Append(line.ToString().TrimEnd()).Append('\n');

        line.Append(' ', first + Gap.Length).Append(PredictedTitle);
        Emit();

        line.Clear().Append(ActualTitle.PadLeft(first));
        foreach (string name in names)
            line.Append(Gap).Append(name.PadLeft(column));
        line.Append(Separator).Append(RecallTitle.PadLeft(last));
        int width = line.Length;
        Emit();
        text.Append('-', width).Append('\n');

        for (int a = 0; a < k; a++)
        {
            line.Clear().Append(names[a].PadLeft(first));
            for (int p = 0; p < k; p++)
                line.Append(Gap).Append(counts[a, p].PadLeft(column));
            line.Append(Separator).Append(recall[a].PadLeft(last));
            Emit();
        }

        text.Append('-', width).Append('\n');
        line.Clear().Append(PrecisionTitle.PadLeft(first));
        foreach (string p in precision)
            line.Append(Gap).Append(p.PadLeft(column));
        Emit();

        string accuracy = double.IsNaN(matrix.Accuracy) ? "-" : Percent(matrix.Accuracy) + "%";
        line.Clear().Append(CultureInfo.InvariantCulture, $"accuracy {accuracy} ({matrix.Correct} of {matrix.Total})");
        Emit();
        return text.ToString();
    }

    private static string Percent(double ratio) =>
        double.IsNaN(ratio) ? "-" : (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture);
}
