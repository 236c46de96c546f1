using System;
using System.IO;
using System.Text.Json;

namespace KernelGen.Samples;

/// <summary>
/// --log FILE: one JSON object per epoch, one per line (JSON Lines), flushed as each epoch ends, so a script can follow
/// a run or read it afterwards: <c>{"epoch":1,"lr":0.1,"train_loss":0.61,"test_loss":0.43,"test_accuracy":0.89,"ms":41.2,"examples_per_second":1460000}</c>.
/// A value that was not measured (the accuracy of a regression) is null.
/// </summary>
internal sealed class EpochLog : IDisposable
{
    private readonly StreamWriter _writer;

    public EpochLog(string path)
    {
        OutputPaths.CheckFile(path, "--log");
        _writer = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    public void Write(int epoch, double learningRate, double trainLoss, double testLoss, double testAccuracy, double milliseconds, double examplesPerSecond)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("epoch", epoch);
            Number(json, "lr", learningRate);
            Number(json, "train_loss", trainLoss);
            Number(json, "test_loss", testLoss);
            Number(json, "test_accuracy", testAccuracy);
            Number(json, "ms", Math.Round(milliseconds, 2));
            Number(json, "examples_per_second", Math.Round(examplesPerSecond));
            json.WriteEndObject();
        }
        _writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    // JSON has no NaN: an unmeasured value is null.
    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    public void Dispose() => _writer.Dispose();
}
