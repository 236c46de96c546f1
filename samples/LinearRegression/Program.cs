using System;
using System.CommandLine;
using KernelGen.Data;
using KernelGen.Samples;
using LinearRegressionSample;
using Spectre.Console;

// d2l's linear regression from scratch (chapter 3.2): synthetic data y = Xw + b + noise, trained with minibatch SGD
// through the generic trainer, with a loss written as a [Kernel] in this project.
PlainConsole.Configure();
var loss = new Option<string>("--loss") { Description = "The loss: squared (d2l's) or huber", DefaultValueFactory = _ => "squared" };
loss.AcceptOnlyFromAmong("squared", "huber");
var epochs = new Option<int?>("--epochs") { Description = "Passes over the data (default: 3, d2l's, for squared; 5 for huber, whose gradient is capped at 1 while the residuals are large)" };
var batch = new Option<int>("--batch") { Description = "Minibatch size", DefaultValueFactory = _ => 10 };
var lr = new Option<float>("--lr") { Description = "Learning rate", DefaultValueFactory = _ => 0.03f };
var seed = new Option<int>("--seed") { Description = "Seed for the data, the initial weights and the shuffles", DefaultValueFactory = _ => 42 };
var threads = new Option<int>("--threads") { Description = "Threads per minibatch", DefaultValueFactory = _ => 1 };
var csv = new Option<string?>("--csv") { Description = "Train on this CSV file (with a header) instead of the synthetic data" };
var verbose = new Option<bool>("--verbose") { Description = "On an error, show the stack trace too" };
var target = new Option<string[]>("--target") { Description = "With --csv: the target column(s); every other column is a feature", DefaultValueFactory = _ => ["y"], AllowMultipleArgumentsPerToken = true };

var root = new RootCommand("Linear regression (squared or Huber loss) trained with KernelGen's generated kernels") { loss, epochs, batch, lr, seed, threads, csv, target, verbose };
root.SetAction(r => CommandErrors.Run(() =>
    {
        var options = new KernelGen.Training.TrainingOptions
        {
            Epochs = r.GetValue(epochs) ?? (r.GetValue(loss) == "huber" ? 5 : 3),
            BatchSize = r.GetValue(batch),
            LearningRate = r.GetValue(lr),
            Seed = r.GetValue(seed),
            Threads = r.GetValue(threads),
        };
        options.Validate();
        string? path = r.GetValue(csv);
        Dataset data = path is null ? SyntheticData.D2lLinearRegression(options.Seed) : CsvData.LoadRegression(path, r.GetValue(target)!);
        AnsiConsole.MarkupLine(path is null
            ? $"Data: {data.Count} synthetic examples, y = Xw + b + noise with w = [[2, -3.4]], b = 4.2, noise N(0, 0.01²)"
            : $"Data: {Markup.Escape(path)}, {data.Count} examples of {data.Features} features and {data.TargetLength} target(s)");
        return RegressionRun.Run(r.GetValue(loss)!, data, options);
    }, r.GetValue(verbose)));
return root.Parse(args).Invoke();
