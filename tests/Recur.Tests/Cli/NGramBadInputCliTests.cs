using System.Text;
using Recur.Tests.NGram;

namespace Recur.Tests.Cli;

/// <summary>`recur ngram` given files that are not usable text: one line naming the file, exit code 1, nothing written.</summary>
public sealed class NGramBadInputCliTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("recur-ngram-bad-");

    public void Dispose() => dir.Delete(recursive: true);

    string PathOf(string name) => Path.Combine(dir.FullName, name);

    string Write(string name, byte[] bytes)
    {
        File.WriteAllBytes(PathOf(name), bytes);
        return PathOf(name);
    }

    static string OneLineError(int code, string err)
    {
        Assert.Equal(1, code);
        var lines = err.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        return lines[0];
    }

    string Model()
    {
        string text = Write("train.txt", Encoding.UTF8.GetBytes(GeneratedCorpusTests.Corpus(3, 400)));
        var (code, _, err) = CliRunner.Run("ngram", "train", "--order", "3", "--text", text, "--arpa", PathOf("m.arpa"));
        Assert.True(code == 0, err);
        return PathOf("m.arpa");
    }

    public static TheoryData<string, string> BadTexts() => new()
    {
        { "binary", "looks like a binary file (NUL byte at offset 4)" },
        { "latin1", ":2:4: not valid UTF-8 (byte 0xE9 at offset 9)" },
        { "empty", ": the file is empty" },
        { "directory", ": is a directory, not a file" },
        { "missing", ": no such file" },
    };

    string BadText(string kind) => kind switch
    {
        "binary" => Write("ls.bin", [0x7F, (byte)'E', (byte)'L', (byte)'F', 0, 2, 1, (byte)'\n']),
        "latin1" => Write("latin1.txt", Encoding.Latin1.GetBytes("w0 w1\ncafé w2\n")),
        "empty" => Write("empty.txt", []),
        "directory" => Directory.CreateDirectory(PathOf("adir")).FullName,
        _ => PathOf("absent.txt"),
    };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void TrainRefusesItWithoutWritingAModel(string kind, string expected)
    {
        string text = BadText(kind);
        foreach (var extra in new[] { Array.Empty<string>(), ["--discount-fallback"] })
        {
            var (code, _, err) = CliRunner.Run(["ngram", "train", "--order", "3", "--text", text, "--arpa", PathOf("x.arpa"), .. extra]);
            Assert.StartsWith($"error: {text}{(expected[0] == ':' ? "" : ": ")}{expected}", OneLineError(code, err));
            Assert.False(File.Exists(PathOf("x.arpa")));
        }
    }

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void EvalAndScoreRefuseIt(string kind, string expected)
    {
        string model = Model(), text = BadText(kind);
        foreach (var command in new[] { "eval", "score" })
        {
            var (code, _, err) = CliRunner.Run("ngram", command, "--model", model, "--text", text);
            Assert.Contains($"{text}{(expected[0] == ':' ? "" : ": ")}{expected}", OneLineError(code, err));
        }
    }

    [Fact]
    public void BlankLinesOnlyIsNoWords()
    {
        string text = Write("blank.txt", "\n  \n\n"u8.ToArray());
        var (code, _, err) = CliRunner.Run("ngram", "train", "--order", "2", "--text", text, "--arpa", PathOf("x.arpa"), "--discount-fallback");
        Assert.Contains($"{text}: has no words (3 blank lines)", OneLineError(code, err));
        Assert.False(File.Exists(PathOf("x.arpa")));
    }

    [Fact]
    public void AModelThatIsNotAFileIsNamed()
    {
        string text = Write("t.txt", "w0 w1\n"u8.ToArray());
        var (code, _, err) = CliRunner.Run("ngram", "eval", "--model", dir.FullName, "--text", text);
        Assert.Equal($"error: {dir.FullName}: is a directory, not a file", OneLineError(code, err));
        (code, _, err) = CliRunner.Run("ngram", "eval", "--model", PathOf("none.arpa"), "--text", text);
        Assert.Equal($"error: {PathOf("none.arpa")}: no such file", OneLineError(code, err));
    }

    [Fact]
    public void BuildBinaryRefusesToWriteOverItsInputThroughAnyLink()
    {
        string arpa = Model();
        var before = File.ReadAllBytes(arpa);
        var targets = new List<string> { arpa, Path.Combine(dir.FullName, ".", "m.arpa") };
        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(PathOf("sym.arpa"), arpa);
            Tests.IO.FileIdentityTests.HardLink(arpa, PathOf("hard.arpa"));
            targets.AddRange([PathOf("sym.arpa"), PathOf("hard.arpa")]);
        }
        foreach (var target in targets)
        {
            var (code, _, err) = CliRunner.Run("ngram", "build-binary", "--arpa", arpa, "--out", target);
            Assert.Equal($"error: --out {target} is the input file {arpa}; writing it would replace the model being read", OneLineError(code, err));
            Assert.Equal(before, File.ReadAllBytes(arpa));
        }
        Assert.Equal(0, CliRunner.Run("ngram", "build-binary", "--arpa", arpa, "--out", PathOf("m.bin")).Code);
    }

    [Fact]
    public void TrainRefusesToWriteOverItsText()
    {
        string text = Write("corpus.txt", "w0 w1\nw1 w2\n"u8.ToArray());
        var (code, _, err) = CliRunner.Run("ngram", "train", "--order", "2", "--text", text, "--arpa", text);
        Assert.Contains("--arpa " + text + " is the training text", OneLineError(code, err));
        Assert.Equal("w0 w1\nw1 w2\n", File.ReadAllText(text));
    }
}
