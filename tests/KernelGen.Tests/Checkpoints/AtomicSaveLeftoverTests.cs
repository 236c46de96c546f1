using System.IO;
using KernelGen.Checkpoints;
using KernelGen.Tests.Infrastructure;
using Xunit;

namespace KernelGen.Tests.Checkpoints;

/// <summary>What a save killed before its rename leaves behind is removed by the next save of the same file, and only that.</summary>
public sealed class AtomicSaveLeftoverTests
{
    private static readonly Checkpoint Small = new("test", [CheckpointTensor.Vector("b", [1f, 2f, 3f])]);

    [Fact]
    public void The_next_save_deletes_leftovers_of_the_same_file_that_nobody_holds()
    {
        using var dir = new TempDirectory();
        string leftover = dir.File(".model.kgck.0123456789AB.tmp");
        string otherFile = dir.File(".other.kgck.0123456789AB.tmp");
        string notOurs = dir.File(".model.kgck.mine.tmp");
        foreach (string path in new[] { leftover, otherFile, notOurs }) File.WriteAllBytes(path, new byte[1000]);

        Small.Save(dir.File("model.kgck"));

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(otherFile), "a leftover of another target is that target's to clean");
        Assert.True(File.Exists(notOurs), "a file that does not have the temporary name's shape is not ours");
        Assert.Equal(new[] { 1f, 2f, 3f }, Checkpoint.Load(dir.File("model.kgck")).Tensor("b").Values.ToArray());
    }

    [Fact]
    public void A_temporary_file_a_live_writer_holds_is_left_alone()
    {
        using var dir = new TempDirectory();
        string live = dir.File(".model.kgck.0123456789AB.tmp");
        // The way a writer in another process holds its temporary file until the rename.
        using (var writer = new FileStream(live, FileMode.CreateNew, FileAccess.Write, FileShare.Delete))
        {
            writer.Write(new byte[100]);
            Small.Save(dir.File("model.kgck"));
            Assert.True(File.Exists(live));
        }
        Small.Save(dir.File("model.kgck"));
        Assert.False(File.Exists(live));
    }
}
