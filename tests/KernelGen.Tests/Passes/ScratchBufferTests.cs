using System;
using KernelGen.CompilerServices;
using Xunit;

namespace KernelGen.Tests.Passes;

public class ScratchBufferTests
{
    [Fact]
    public void UsesTheStackSpanWhenItIsLongEnough()
    {
        Span<float> stack = stackalloc float[8];
        stack[0] = 42f;
        using var scratch = new ScratchBuffer(5, stack);
        Assert.Equal(5, scratch.Span.Length);
        // The same memory: a write through the stack span shows in the scratch.
        Assert.Equal(42f, scratch.Span[0]);
    }

    [Fact]
    public void RentsWhenTheStackSpanIsTooShort()
    {
        var scratch = new ScratchBuffer(ScratchBuffer.StackLength + 1, default);
        Assert.Equal(ScratchBuffer.StackLength + 1, scratch.Span.Length);
        scratch.Span.Fill(1f);
        Assert.Equal(ScratchBuffer.StackLength + 1f, Sum(scratch.Span));
        scratch.Dispose();
        // A second Dispose must not return the array twice (the pool would hand it to two renters).
        scratch.Dispose();
    }

    [Fact]
    public void AnEmptyScratchNeedsNoStack()
    {
        using var scratch = new ScratchBuffer(0, default);
        Assert.Equal(0, scratch.Span.Length);
    }

    [Fact]
    public void RefusesANegativeLength()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ScratchBuffer(-1, default));
        Assert.Equal("length", error.ParamName);
    }

    private static float Sum(Span<float> values)
    {
        float sum = 0;
        foreach (float v in values) sum += v;
        return sum;
    }
}
