using System;
using KernelGen.CompilerServices;
using Xunit;

namespace KernelGen.Tests.Passes;

/// <summary>The entry points' argument checks: the message names the parameter, what it has and what it needs; one row reads as a row.</summary>
public sealed class ArgumentChecksTests
{
    [Fact]
    public void A_batch_of_rows_is_described_as_rows_and_a_single_row_as_a_row()
    {
        var batch = Assert.Throws<ArgumentException>(() => ArgumentChecks.RowsLength(new float[7], 2, 4, "xLength", "x"));
        Assert.Equal("x has 7 elements, but 2 rows of xLength needs 8. (Parameter 'x')", batch.Message);
        var single = Assert.Throws<ArgumentException>(() => ArgumentChecks.RowsLength(new float[3], 1, 4, "xLength", "x"));
        Assert.Equal("x has 3 elements, but xLength needs 4. (Parameter 'x')", single.Message);
    }

    [Fact]
    public void A_label_out_of_range_names_its_row_in_a_batch_only()
    {
        var batch = Assert.Throws<ArgumentOutOfRangeException>(() => ArgumentChecks.LabelsInRange([0, 10, 3], 10, "y"));
        Assert.StartsWith("Row 1: a label must be in [0, 10).", batch.Message);
        Assert.Equal(10, batch.ActualValue);
        var single = Assert.Throws<ArgumentOutOfRangeException>(() => ArgumentChecks.LabelsInRange([-1], 10, "y"));
        Assert.StartsWith("A label must be in [0, 10).", single.Message);
    }

    [Fact]
    public void Lengths_that_do_not_divide_or_are_zero_are_refused_with_the_sizes()
    {
        Assert.Equal("x has 7 elements, which is not 2 rows of equal length. (Parameter 'x')",
            Assert.Throws<ArgumentException>(() => ArgumentChecks.RowLength(new float[7], 2, "x")).Message);
        Assert.Equal("x is empty; the kernel needs at least one element. (Parameter 'x')",
            Assert.Throws<ArgumentException>(() => ArgumentChecks.RowLength(Array.Empty<float>(), 3, "x")).Message);
        Assert.Equal("w has 10 elements, which is not a whole number of rows of 4. (Parameter 'w')",
            Assert.Throws<ArgumentException>(() => ArgumentChecks.OtherSide(new float[10], 4, "rows", "w")).Message);
        Assert.Equal(3, ArgumentChecks.OtherSide(new float[12], 4, "rows", "w"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArgumentChecks.Rows(0));
    }
}
