using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.Checkpoints;
using Xunit;
using static KernelGen.Tests.Checkpoints.CheckpointSamples;

namespace KernelGen.Tests.Checkpoints;

/// <summary>What <see cref="Checkpoint"/> and <see cref="CheckpointTensor"/> accept, and how tensors are found.</summary>
public sealed class CheckpointApiTests
{
    [Fact]
    public void TensorsCopyTheirValues()
    {
        float[] values = { 1, 2, 3, 4, 5, 6 };
        var tensor = new CheckpointTensor("w", 2, 3, values);
        values[0] = 99;
        Assert.Equal(1f, tensor.Values.Span[0]);
    }

    [Fact]
    public void VectorsAreColumnsAndScalarsAreOneByOne()
    {
        CheckpointTensor vector = CheckpointTensor.Vector("b", new float[10]);
        CheckpointTensor scalar = CheckpointTensor.Scalar("temperature", 1.5f);
        Assert.Equal((10, 1), (vector.Rows, vector.Columns));
        Assert.Equal((1, 1), (scalar.Rows, scalar.Columns));
        Assert.Equal(new[] { 1.5f }, scalar.Values.ToArray());
        Assert.Equal("'b' (10 x 1)", vector.ToString());
    }

    [Fact]
    public void ShapesMustMatchTheValues()
    {
        Assert.Contains("2 x 3 = 6 values, but 5", Assert.Throws<ArgumentException>(() => new CheckpointTensor("w", 2, 3, new float[5])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointTensor("w", 0, 3, Array.Empty<float>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointTensor("w", 3, -1, Array.Empty<float>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => CheckpointTensor.Vector("b", Array.Empty<float>()));
    }

    [Fact]
    public void NamesAreNonEmptyValidAndAtMost256BytesOfUtf8()
    {
        Assert.Throws<ArgumentNullException>(() => CheckpointTensor.Scalar(null!, 0));
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => CheckpointTensor.Scalar("", 0)).Message);
        Assert.Contains("unpaired surrogate", Assert.Throws<ArgumentException>(() => CheckpointTensor.Scalar("w\uD800", 0)).Message);

        string longest = string.Concat(Enumerable.Repeat("é", 128));
        Assert.Equal(longest, CheckpointTensor.Scalar(longest, 0).Name);
        var error = Assert.Throws<ArgumentException>(() => CheckpointTensor.Scalar(longest + "a", 0));
        Assert.Contains("257 bytes", error.Message);
        Assert.Contains("256", error.Message);
    }

    [Fact]
    public void NamesMustBeUniqueWithinACheckpoint()
    {
        var error = Assert.Throws<ArgumentException>(() => new Checkpoint(Kernel, new[]
        {
            CheckpointTensor.Scalar("w", 1),
            CheckpointTensor.Scalar("b", 2),
            CheckpointTensor.Vector("w", new float[] { 3, 4 }),
        }));
        Assert.Contains("'w'", error.Message);
        Assert.Contains("tensors 0 and 2", error.Message);
        Assert.Throws<ArgumentException>(() => new Checkpoint(Kernel, new CheckpointTensor[] { null! }));
    }

    [Fact]
    public void KernelNamesMayBeEmptyButNotNullOrHuge()
    {
        Assert.Equal("", new Checkpoint("", Array.Empty<CheckpointTensor>()).Kernel);
        Assert.Throws<ArgumentNullException>(() => new Checkpoint(null!, Array.Empty<CheckpointTensor>()));
        Assert.Throws<ArgumentNullException>(() => new Checkpoint(Kernel, null!));
        Assert.Equal(4096, new Checkpoint(new string('k', 4096), Array.Empty<CheckpointTensor>()).Kernel.Length);
        Assert.Throws<ArgumentException>(() => new Checkpoint(new string('k', 4097), Array.Empty<CheckpointTensor>()));
    }

    [Fact]
    public void TensorsKeepTheirOrderAndCannotBeChanged()
    {
        CheckpointTensor[] given = Tensors(features: 4, classes: 2, seed: 1).Reverse().ToArray();
        var checkpoint = new Checkpoint(Kernel, given);
        given[0] = CheckpointTensor.Scalar("other", 0);

        Assert.Equal(new[] { "temperature", "b", "w" }, checkpoint.Tensors.Select(t => t.Name));
        var list = Assert.IsAssignableFrom<IList<CheckpointTensor>>(checkpoint.Tensors);
        Assert.True(list.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => list[0] = given[0]);
    }

    [Fact]
    public void TensorsAreFoundByName()
    {
        Checkpoint checkpoint = Create(features: 4, classes: 2);

        Assert.Same(checkpoint.Tensors[0], checkpoint["w"]);
        Assert.Same(checkpoint.Tensors[1], checkpoint.Tensor("b"));
        Assert.True(checkpoint.TryGetTensor("temperature", out CheckpointTensor? temperature));
        Assert.Same(checkpoint.Tensors[2], temperature);
        Assert.False(checkpoint.TryGetTensor("W", out _)); // case-sensitive
    }

    [Fact]
    public void AMissingNameIsReportedWithTheNamesThereAre()
    {
        Checkpoint checkpoint = Create(features: 4, classes: 2);

        var error = Assert.Throws<KeyNotFoundException>(() => checkpoint["weights"]);

        Assert.Contains("no tensor named 'weights'", error.Message);
        Assert.Contains(Kernel, error.Message);
        Assert.Contains("'w' (2 x 4), 'b' (2 x 1), 'temperature' (1 x 1)", error.Message);
        Assert.Throws<KeyNotFoundException>(() => checkpoint.Tensor("bias"));
        Assert.Contains("it has no tensors",
            Assert.Throws<KeyNotFoundException>(() => new Checkpoint("", Array.Empty<CheckpointTensor>())["w"]).Message);
    }

    [Fact]
    public void LocalTimestampsAreStoredAsUtc()
    {
        var local = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Local);
        var checkpoint = new Checkpoint("", Array.Empty<CheckpointTensor>(), new CheckpointMetadata { CreatedUtc = local });
        Assert.Equal(DateTimeKind.Utc, checkpoint.Metadata.CreatedUtc.Kind);
        Assert.Equal(local.ToUniversalTime(), checkpoint.Metadata.CreatedUtc);
    }
}
