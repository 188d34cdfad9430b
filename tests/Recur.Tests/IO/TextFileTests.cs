using System.Text;
using Recur.IO;

namespace Recur.Tests.IO;

/// <summary>Each way a text file can be unusable gets its own <see cref="InputFileException"/> naming the file.</summary>
public sealed class TextFileTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("recur-textfile-");

    public void Dispose() => dir.Delete(recursive: true);

    string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(dir.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static InputFileException Fails(string path) => Assert.Throws<InputFileException>(() => TextFile.ReadAllText(path));

    [Fact]
    public void MissingDirectoryAndEmptyFilesAreNamed()
    {
        string missing = Path.Combine(dir.FullName, "absent.txt");
        var e = Fails(missing);
        Assert.Equal($"{missing}: no such file", e.Message);
        Assert.Equal(missing, e.Path);
        Assert.Contains("its directory does not exist", Fails(Path.Combine(missing, "x.txt")).Message);
        Assert.Equal($"{dir.FullName}: is a directory, not a file", Fails(dir.FullName).Message);
        Assert.Equal("the file is empty", Fails(Write("empty.txt", [])).Problem);
        Assert.Equal("the file is empty", Fails(Write("bom.txt", [0xEF, 0xBB, 0xBF])).Problem);
    }

    [Fact]
    public void BinaryFileGivesTheOffsetOfItsFirstNul()
    {
        var bytes = new byte[200_000];
        bytes.AsSpan().Fill((byte)'a');
        bytes[150_001] = 0; // in the third 64 KiB block
        var e = Fails(Write("blob.bin", bytes));
        Assert.Null(e.Line);
        Assert.Contains("binary file (NUL byte at offset 150001)", e.Message);
    }

    [Fact]
    public void Latin1GivesLineColumnOffsetAndTheIconvHint()
    {
        string path = Write("latin1.txt", Encoding.Latin1.GetBytes("first line\nsecond: café\n"));
        var e = Fails(path);
        Assert.Equal(2, e.Line);
        Assert.Equal(12, e.Column);
        Assert.StartsWith($"{path}:2:12: not valid UTF-8 (byte 0xE9 at offset 22)", e.Message);
        Assert.Contains("iconv -f latin1 -t utf-8", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void TruncatedMultiByteSequenceAtTheEndIsNotUtf8()
    {
        var e = Fails(Write("cut.txt", [(byte)'a', 0xE2, 0x82]));
        Assert.Equal((1L, 2L), (e.Line!.Value, e.Column!.Value));
        Assert.Contains("offset 1", e.Message);
    }

    [Fact]
    public void BomIsDroppedAndMultiByteTextCrossesBlockBoundaries()
    {
        // 'é' is two bytes; at an odd start one of them straddles every 64 KiB boundary.
        string text = "x" + string.Concat(Enumerable.Repeat("é€\r\n", 40_000));
        string path = Write("bom.txt", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);
        Assert.Equal(text, TextFile.ReadAllText(path));
        var lines = TextFile.ReadLines(path).ToList();
        Assert.Equal(40_000, lines.Count);
        Assert.Equal(new NumberedLine(1, "xé€"), lines[0]);
        Assert.Equal(new NumberedLine(40_000, "é€"), lines[^1]);
    }

    [Fact]
    public void LinesEndAsReadLineEndsThem()
    {
        string text = "a\r\nb\rc\n\nd";
        string path = Write("endings.txt", Encoding.UTF8.GetBytes(text));
        var expected = new List<string>();
        using (var reference = new StringReader(text))
            while (reference.ReadLine() is { } line) expected.Add(line);
        Assert.Equal(expected, TextFile.ReadLines(path).Select(l => l.Text));
        Assert.Equal([1L, 2, 3, 4, 5], TextFile.ReadLines(path).Select(l => l.Number));
    }

    [Fact]
    public void StreamThatDeliversOneByteAtATimeDecodesTheSame()
    {
        string text = "ab€\n😀 z\n";
        using var reader = new StrictTextReader(new TrickleStream(Encoding.UTF8.GetBytes(text)), "stdin", rejectEmpty: false);
        Assert.Equal(text, reader.ReadToEnd());
        using var empty = new StrictTextReader(new MemoryStream(), "stdin", rejectEmpty: false);
        Assert.Null(empty.ReadLine());
    }

    sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }
}
