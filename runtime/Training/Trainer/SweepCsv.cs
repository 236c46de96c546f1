using System;
using System.Collections.Generic;
using System.IO;
using nietras.SeparatedValues;

namespace KernelGen.Training;

/// <summary>Writes a <see cref="HyperparameterSweep"/>'s records as CSV: one row per run and epoch.</summary>
public static class SweepCsv
{
    /// <summary>The header, in column order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["lr", "batch", "epoch", "train_loss", "test_loss", "test_accuracy", "ms"];

    /// <summary>
    /// Writes <paramref name="records"/> to <paramref name="path"/> (invariant culture, round-trippable numbers; a
    /// diverged epoch has NaN losses), replacing the file atomically.
    /// </summary>
    public static void Write(string path, IReadOnlyList<SweepEpoch> records)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(records);
        using var text = new StringWriter();
        using (var writer = Sep.New(',').Writer().To(text))
        {
            foreach (var r in records)
            {
                using var row = writer.NewRow();
                row[Columns[0]].Format(r.LearningRate);
                row[Columns[1]].Format(r.BatchSize);
                row[Columns[2]].Format(r.Epoch);
                row[Columns[3]].Format(r.TrainLoss);
                row[Columns[4]].Format(r.TestLoss);
                row[Columns[5]].Format(r.TestAccuracy);
                row[Columns[6]].Format(Math.Round(r.Milliseconds, 1));
            }
        }
        Checkpoints.AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text.ToString()));
    }
}
