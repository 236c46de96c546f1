using System;
using KernelGen.Data;

namespace KernelGen.Training;

/// <summary>
/// A minibatch gathered from a data set into buffers allocated once: features row after row, and the labels or the
/// targets. The kernels read it in contiguous slices, one per thread.
/// </summary>
internal sealed class TrainingBatch
{
    private readonly int _capacity;

    public TrainingBatch(int capacity) => _capacity = capacity;

    public float[] Features { get; private set; } = [];
    public int FeatureLength { get; private set; }
    public int[] Labels { get; private set; } = [];
    public float[] Targets { get; private set; } = [];
    public int TargetLength { get; private set; }
    public int Rows { get; private set; }

    /// <summary>
    /// Copies the examples <paramref name="indices"/> of <paramref name="data"/>. The buffers hold a batch of the batch
    /// size, or the whole set when it is smaller (a batch size of ten million on 60000 images needs 60000 rows), and
    /// are allocated only when the data's sizes change.
    /// </summary>
    public void Gather(Dataset data, ReadOnlySpan<int> indices, bool labels, bool targets)
    {
        int rows = Math.Min(_capacity, data.Count);
        if (FeatureLength != data.Features || Features.Length < (long)rows * data.Features)
        {
            FeatureLength = data.Features;
            Features = new float[checked(rows * FeatureLength)];
        }
        if (labels && Labels.Length < rows) Labels = new int[rows];
        if (targets && (TargetLength != data.TargetLength || Targets.Length < (long)rows * data.TargetLength))
        {
            TargetLength = data.TargetLength;
            Targets = new float[checked(rows * TargetLength)];
        }
        Rows = indices.Length;
        data.CopyFeatures(indices, Features.AsSpan(0, Rows * FeatureLength));
        if (labels) data.CopyLabels(indices, Labels.AsSpan(0, Rows));
        if (targets) data.CopyTargets(indices, Targets.AsSpan(0, Rows * TargetLength));
    }
}
