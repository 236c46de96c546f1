using System;
using KernelGen.Training;
using Xunit;

namespace KernelGen.Tests.Training;

public sealed class SgdTests
{
    [Fact]
    public void Step_with_weight_decay_and_momentum_matches_a_hand_computation()
    {
        var parameters = ParameterSet.For<SoftmaxRegressionKernels.LossKernel>(ParameterShape.Matrix("w", 2, 2), ParameterShape.Vector("b", 2));
        var weights = parameters["w"].Values;
        float[] w = { 1f, -2f, 0.5f, 3f };
        w.AsSpan().CopyTo(weights);
        parameters["b"].Values[0] = 0.25f;
        var sgd = new SgdOptimizer(parameters, weightDecay: 0.1f, momentum: 0.9f);

        // Step 1: g' = g + 0.1 w; v = g'; w -= 0.5 v. Bias: no decay.
        var g1 = new[] { 0.2f, 0.4f, -0.6f, 0f };
        sgd.Step(0.5f, [g1, [1f, -1f]]);
        var v1 = new[] { 0.2f + 0.1f * 1f, 0.4f + 0.1f * -2f, -0.6f + 0.1f * 0.5f, 0f + 0.1f * 3f };
        var w1 = new[] { 1f - 0.5f * v1[0], -2f - 0.5f * v1[1], 0.5f - 0.5f * v1[2], 3f - 0.5f * v1[3] };
        for (int i = 0; i < 4; i++) Assert.Equal(w1[i], parameters["w"].Values[i], 6);
        Assert.Equal(0.25f - 0.5f * 1f, parameters["b"].Values[0], 6);
        Assert.Equal(0f + 0.5f, parameters["b"].Values[1], 6);

        // Step 2: v = 0.9 v + g'; w -= 0.5 v.
        sgd.Step(0.5f, [new float[4], new float[2]]);
        for (int i = 0; i < 4; i++)
        {
            float v2 = 0.9f * v1[i] + 0.1f * w1[i];
            Assert.Equal(w1[i] - 0.5f * v2, parameters["w"].Values[i], 5);
        }
        Assert.Equal(0.25f - 0.5f - 0.5f * 0.9f, parameters["b"].Values[0], 6);
    }

    [Fact]
    public void A_gradient_of_the_wrong_length_is_refused_by_name()
    {
        var parameters = ParameterSet.For<SoftmaxRegressionKernels.LossKernel>(ParameterShape.Matrix("w", 2, 3), ParameterShape.Vector("b", 2));
        var sgd = new SgdOptimizer(parameters);
        var error = Assert.Throws<System.ArgumentException>(() => sgd.Step(0.1f, [new float[6], new float[3]]));
        Assert.Contains("'b'", error.Message);
    }

    [Theory]
    [InlineData(ScheduleKind.Constant, 0, 0.1f)]
    [InlineData(ScheduleKind.Constant, 9, 0.1f)]
    [InlineData(ScheduleKind.Step, 2, 0.1f)]
    [InlineData(ScheduleKind.Step, 3, 0.01f)]
    [InlineData(ScheduleKind.Step, 6, 0.001f)]
    [InlineData(ScheduleKind.Cosine, 0, 0.1f)]
    [InlineData(ScheduleKind.Cosine, 5, 0.05f)]
    public void Schedules(ScheduleKind kind, int epoch, float expected)
        => Assert.Equal(expected, new LearningRateSchedule(kind, 0.1f, Epochs: 10).RateAt(epoch), 6);
}
