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

    /// <summary>Copies the examples <paramref name="indices"/> of <paramref name="data"/>; allocates only when the data's row sizes change.</summary>
    public void Gather(Dataset data, ReadOnlySpan<int> indices, bool labels, bool targets)
    {
        if (FeatureLength != data.Features)
        {
            FeatureLength = data.Features;
            Features = new float[checked(_capacity * FeatureLength)];
        }
        if (labels && Labels.Length == 0) Labels = new int[_capacity];
        if (targets && TargetLength != data.TargetLength)
        {
            TargetLength = data.TargetLength;
            Targets = new float[checked(_capacity * TargetLength)];
        }
        Rows = indices.Length;
        data.CopyFeatures(indices, Features.AsSpan(0, Rows * FeatureLength));
        if (labels) data.CopyLabels(indices, Labels.AsSpan(0, Rows));
        if (targets) data.CopyTargets(indices, Targets.AsSpan(0, Rows * TargetLength));
    }
}
