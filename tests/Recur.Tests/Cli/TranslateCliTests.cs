using System.Text.Json;

namespace Recur.Tests.Cli;

/// <summary>
/// `recur translate` end to end on small generated pairs: train (built-in date task and files), run, eval, attention,
/// resume, and the bad inputs of the issue — mismatched line counts, empty and over-long lines, non-UTF-8 bytes,
/// unknown words at translation time, a model directory of another task — each a one-line error or a count.
/// </summary>
public sealed class TranslateCliTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("recur-translate-tests-").FullName;
    static readonly string[] Tiny = ["--embedding", "8", "--hidden", "16", "--readout", "8", "--batch-size", "16", "--threads", "1"];

    string PathOf(string name) => Path.Combine(root, name);

    string Write(string name, IEnumerable<string> lines)
    {
        string path = PathOf(name);
        File.WriteAllLines(path, lines);
        return path;
    }

    (string Src, string Tgt) Pairs(int count = 120)
    {
        var g = new Generator(3);
        var src = Enumerable.Range(0, count).Select(_ => string.Join(' ', Enumerable.Range(0, 2 + g.NextInt(4)).Select(_ => "w" + g.NextInt(6)))).ToArray();
        return (Write("train.src", src), Write("train.tgt", src.Select(l => string.Join(' ', l.Split(' ').Reverse()))));
    }

    [Fact]
    public void TheBuiltInTaskTrainsAndItsModelTranslatesEvaluatesAndDrawsAttention()
    {
        string model = PathOf("dates");
        var (code, output, error) = CliRunner.Run(["translate", "train", "--out", model, "--steps", "4", "--eval-every", "2", "--date-pairs", "300", .. Tiny]);
        Assert.True(code == 0, error);
        Assert.Contains("the built-in dates", output);
        Assert.Contains("BLEU", output);
        Assert.True(File.Exists(Path.Combine(model, "loss.png")));

        string input = Write("in.txt", ["3 March 1998", "", "unknown ☃ words"]);
        (code, output, error) = CliRunner.Run("translate", "run", "--model", model, "--input", input, "--beam", "2");
        Assert.True(code == 0, error);
        Assert.Equal(3, output.Split('\n', StringSplitOptions.None).Length - 1);   // one line out per line in, even for empty and unknown input

        string refs = Write("ref.txt", ["1998-03-03", "", "2000-01-01"]);
        (code, output, error) = CliRunner.Run("translate", "eval", "--model", model, "--src", input, "--ref", refs, "--json", "--beam", "1");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        foreach (string field in new[] { "bleu", "chrf", "perplexity", "sentences", "exact_match" }) Assert.True(json.RootElement.TryGetProperty(field, out _), field);
        Assert.Equal(3, json.RootElement.GetProperty("sentences").GetInt32());

        string png = PathOf("att.png");
        (code, _, error) = CliRunner.Run("translate", "attention", "--model", model, "--text", "le 3 mai 1998", "--png", png);
        Assert.True(code == 0, error);
        Assert.True(new FileInfo(png).Length > 100);
    }

    [Fact]
    public void FilesTrainWithCountsOfSkippedPairsAndResumeFinishesTheBudget()
    {
        var (src, tgt) = Pairs();
        // At the start: the last 5% of the pairs are held out for validation, which keeps every pair.
        File.WriteAllLines(src, ["", string.Join(' ', Enumerable.Repeat("w1", 40)), .. File.ReadAllLines(src)]);
        File.WriteAllLines(tgt, ["w2", string.Join(' ', Enumerable.Repeat("w1", 40)), .. File.ReadAllLines(tgt)]);
        string model = PathOf("files");
        var (code, output, error) = CliRunner.Run(["translate", "train", "--src", src, "--tgt", tgt, "--out", model, "--steps", "2", "--eval-every", "2", "--max-length", "20", .. Tiny]);
        Assert.True(code == 0, error);
        Assert.Contains("1 with an empty side skipped", output);
        Assert.Contains("1 longer than --max-length 20 skipped", output);
        (code, output, error) = CliRunner.Run("translate", "train", "--resume", model, "--steps", "4");
        Assert.True(code == 0, error);
        Assert.Contains("resumed at step 2", output);
        Assert.Contains("after 4 steps", output);
    }

    [Fact]
    public void MismatchedLineCountsNameBothFilesAndTheirCounts()
    {
        var (src, _) = Pairs(50);
        string tgt = Write("short.tgt", ["a", "b"]);
        var (code, _, error) = CliRunner.Run("translate", "train", "--src", src, "--tgt", tgt, "--out", PathOf("m"), "--steps", "1");
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains(src, error);
        Assert.Contains(tgt, error);
        Assert.Contains("50 lines", error);
        Assert.Contains("has 2", error);
    }

    [Fact]
    public void NonUtf8BytesNameTheFileAndLine()
    {
        var (src, tgt) = Pairs(30);
        var bytes = File.ReadAllBytes(tgt).Concat(new byte[] { 0x62, 0xFF, 0x0A }).ToArray();
        File.WriteAllBytes(tgt, bytes);
        File.AppendAllLines(src, ["w1"]);
        var (code, _, error) = CliRunner.Run("translate", "train", "--src", src, "--tgt", tgt, "--out", PathOf("m"), "--steps", "1");
        Assert.Equal(1, code);
        Assert.Contains(tgt, error);
        Assert.Contains($"{tgt}:31:", error);   // file:line:column
        Assert.Contains("not valid UTF-8", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void AModelDirectoryOfAnotherTaskIsRefused()
    {
        string lm = PathOf("lm");
        string text = Write("text.txt", Enumerable.Repeat("some text to learn from, and more of it", 100));
        var (code, _, error) = CliRunner.Run("lm", "train", "--text", text, "--out", lm, "--steps", "1", "--hidden", "8", "--embedding", "4", "--layers", "1",
            "--batch-size", "2", "--seq-length", "8", "--sample-length", "0");
        Assert.True(code == 0, error);
        (code, _, error) = CliRunner.Run("translate", "run", "--model", lm, "--input", text);
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("lm", error);
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}
