using System;
using KernelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests.Training;

/// <summary>Allocation is counted for the whole process, so this runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement
{
}

[Collection(nameof(AllocationMeasurement))]
public sealed class AllocationTests
{
    private readonly ITestOutputHelper _output;

    public AllocationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void A_training_step_allocates_nothing()
    {
        var data = TrainingTestData.Random(2000, 28, 10, seed: 4);
        var parameters = TrainingTestData.SoftmaxParameters(data);
        parameters.InitializeNormal(1);
        using var trainer = new Trainer<SoftmaxRegressionKernels.LossKernel>(parameters, new TrainingOptions { BatchSize = 256, Threads = 2 });
        var batches = new Minibatches(data.Count, 256, seed: 1);
        batches.Shuffle(0);
        for (int b = 0; b < 3; b++) trainer.Step(data, batches.Indices(b), 0.1f); // warm up (JIT, first-use statics)
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int round = 0; round < 5; round++)
            for (int b = 0; b < batches.BatchesPerEpoch; b++) trainer.Step(data, batches.Indices(b), 0.1f);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        int steps = 5 * batches.BatchesPerEpoch;
        _output.WriteLine($"{allocated} bytes over {steps} steps");
        // Tiered compilation may still allocate a little while it recompiles hot methods in the background.
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated over {steps} steps");
    }
}
