using Recur.IO;

namespace Recur.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("recur-atomic-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void WriteReplacesTheFileAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(directory, "state.txt");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.Write(path, s => s.Write("second"u8));
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(directory));
    }

    [Fact]
    public void ThrowingWriterLeavesTheExistingFileIntactAndNoTemporaryFile()
    {
        string path = Path.Combine(directory, "checkpoint.bin");
        AtomicFile.WriteAllText(path, "good contents");
        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("half-written garbage"u8);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal("disk full", error.Message);
        Assert.Equal("good contents", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(directory));
    }

    [Fact]
    public void ThrowingWriterCreatesNoFileWhereThereWasNone()
    {
        string path = Path.Combine(directory, "new.bin");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, _ => throw new IOException("boom")));
        Assert.Empty(Directory.GetFiles(directory));
    }

    [Fact]
    public void WriteAllTextWritesUtf8WithoutByteOrderMark()
    {
        string path = Path.Combine(directory, "text.json");
        AtomicFile.WriteAllText(path, "é");
        Assert.Equal([0xC3, 0xA9], File.ReadAllBytes(path));
    }
}
