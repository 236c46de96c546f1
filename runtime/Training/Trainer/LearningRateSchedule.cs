using System;

namespace KernelGen.Training;

/// <summary>How the learning rate changes over epochs.</summary>
public enum ScheduleKind
{
    /// <summary>The same rate every epoch.</summary>
    Constant,
    /// <summary>Multiplied by <see cref="LearningRateSchedule.StepFactor"/> every <see cref="LearningRateSchedule.StepEpochs"/> epochs.</summary>
    Step,
    /// <summary>Half a cosine from the base rate down to zero over the run.</summary>
    Cosine,
}

/// <summary>A learning-rate schedule over a run of <see cref="Epochs"/> epochs.</summary>
public sealed record LearningRateSchedule(ScheduleKind Kind, float BaseRate, int Epochs, int StepEpochs = 3, float StepFactor = 0.1f)
{
    /// <summary>The rate for epoch <paramref name="epoch"/> (0-based).</summary>
    public float RateAt(int epoch) => Kind switch
    {
        ScheduleKind.Step => BaseRate * MathF.Pow(StepFactor, epoch / Math.Max(1, StepEpochs)),
        ScheduleKind.Cosine => BaseRate * 0.5f * (1 + MathF.Cos(MathF.PI * epoch / Math.Max(1, Epochs))),
        _ => BaseRate,
    };
}
