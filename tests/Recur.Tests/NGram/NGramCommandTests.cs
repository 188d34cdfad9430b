using System.Text.Json;

namespace Recur.Tests.NGram;

/// <summary>`recur ngram …` invoked in process on a small temporary corpus.</summary>
public sealed class NGramCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("recur-ngram-cli-");

    public void Dispose() => dir.Delete(recursive: true);

    string PathOf(string name) => Path.Combine(dir.FullName, name);

    static (int Exit, string Out, string Err) Run(params string[] args) => Cli.CliRunner.Run(["ngram", .. args]);

    string Corpus()
    {
        string path = PathOf("train.txt");
        File.WriteAllText(path, GeneratedCorpusTests.Corpus(3, 1500));
        return path;
    }

    [Fact]
    public void TrainThenEvalAsJsonThenScore()
    {
        string text = Corpus();
        string arpa = PathOf("m.arpa");
        var train = Run("train", "--order", "3", "--text", text, "--arpa", arpa);
        Assert.True(train.Exit == 0, train.Err);
        Assert.Contains("D3+", train.Out);
        Assert.True(File.Exists(arpa));

        string heldOut = PathOf("valid.txt");
        File.WriteAllText(heldOut, GeneratedCorpusTests.Corpus(4, 50));
        var eval = Run("eval", "--arpa", arpa, "--text", heldOut, "--json");
        Assert.Equal(0, eval.Exit);
        using var json = JsonDocument.Parse(eval.Out);
        var expected = Recur.NGram.Perplexity.Evaluate(Recur.NGram.ArpaReader.Read(arpa), new StringReader(File.ReadAllText(heldOut)));
        Assert.Equal(expected.Perplexity, json.RootElement.GetProperty("perplexity").GetDouble(), 1e-9);
        Assert.Equal(expected.PerplexityExcludingOov, json.RootElement.GetProperty("perplexity_excluding_oov").GetDouble(), 1e-9);
        Assert.Equal(expected.Oovs, json.RootElement.GetProperty("oov").GetInt64());
        Assert.Equal(expected.Tokens, json.RootElement.GetProperty("tokens").GetInt64());

        File.WriteAllText(PathOf("two.txt"), "w0 w1\nw2\n");
        var score = Run("score", "--arpa", arpa, "--text", PathOf("two.txt"), "--sentence-only");
        Assert.Equal(0, score.Exit);
        var lines = score.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var model = Recur.NGram.ArpaReader.Read(arpa);
        Assert.Equal(2, lines.Length);
        Assert.Equal(model.SentenceLog10Prob("w0 w1"), double.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture), 1e-5);
    }

    [Fact]
    public void ErrorsAreOneLineWithNonZeroExit()
    {
        string text = Corpus();
        var missing = Run("eval", "--arpa", PathOf("absent.arpa"), "--text", text);
        Assert.Equal(1, missing.Exit);
        Assert.Single(missing.Err.Trim().Split('\n'));
        Assert.Contains("absent.arpa", missing.Err);

        File.WriteAllText(PathOf("bad.arpa"), "\\data\\\nngram 1=1\n\n\\1-grams:\n-1\n\\end\\\n");
        var bad = Run("eval", "--arpa", PathOf("bad.arpa"), "--text", text);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("bad.arpa:5:", bad.Err);
        Assert.DoesNotContain(" at ", bad.Err);

        var order = Run("train", "--order", "0", "--text", text, "--arpa", PathOf("x.arpa"));
        Assert.Equal(1, order.Exit);
        Assert.Equal("error: --order must be at least 1, got 0", order.Err.Trim());

        File.WriteAllText(PathOf("tiny.txt"), "a b\na\n");
        var tiny = Run("train", "--order", "2", "--text", PathOf("tiny.txt"), "--arpa", PathOf("t.arpa"));
        Assert.Equal(1, tiny.Exit);
        Assert.Contains("--discount-fallback", tiny.Err);
        var fallback = Run("train", "--order", "2", "--text", PathOf("tiny.txt"), "--arpa", PathOf("t.arpa"), "--discount-fallback");
        Assert.Equal(0, fallback.Exit);
    }

    [Fact]
    public void BinaryModelsFromBuildBinaryAndTrainEvaluateAsTheArpaModel()
    {
        string text = Corpus();
        string arpa = PathOf("m.arpa"), trained = PathOf("trained.bin"), converted = PathOf("converted.bin");
        var train = Run("train", "--order", "3", "--text", text, "--arpa", arpa, "--binary", trained);
        Assert.True(train.Exit == 0, train.Err);
        Assert.Contains("trained.bin", train.Out);
        var build = Run("build-binary", "--arpa", arpa, "--out", converted);
        Assert.True(build.Exit == 0, build.Err);
        Assert.Contains("converted.bin", build.Out);

        string heldOut = PathOf("valid.txt");
        File.WriteAllText(heldOut, GeneratedCorpusTests.Corpus(4, 50));
        var fromArpa = Run("eval", "--arpa", arpa, "--text", heldOut, "--json");
        Assert.Equal(0, fromArpa.Exit);
        // Same text, bit for bit: the binary of a trained model, of a converted ARPA file, through either option name.
        Assert.Equal(fromArpa.Out, Run("eval", "--model", converted, "--text", heldOut, "--json").Out);
        Assert.Equal(fromArpa.Out, Run("eval", "--arpa", trained, "--text", heldOut, "--json").Out);
        var scoreArpa = Run("score", "--model", arpa, "--text", heldOut);
        var scoreBinary = Run("score", "--model", converted, "--text", heldOut);
        Assert.Equal(0, scoreBinary.Exit);
        Assert.Equal(50 + 4, scoreBinary.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // + KenLM's corpus summary
        Assert.Equal(scoreArpa.Out, scoreBinary.Out);
    }

    [Fact]
    public void BinaryErrorsAreOneLineWithNonZeroExit()
    {
        string text = Corpus();
        var neither = Run("train", "--order", "2", "--text", text);
        Assert.Equal(1, neither.Exit);
        Assert.Contains("--arpa, --binary or both", neither.Err);

        string model = PathOf("m.bin");
        Assert.Equal(0, Run("train", "--order", "2", "--text", text, "--binary", model).Exit);
        var bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(PathOf("cut.bin"), bytes[..(bytes.Length / 2)]);
        var cut = Run("eval", "--model", PathOf("cut.bin"), "--text", text);
        Assert.Equal(1, cut.Exit);
        Assert.Single(cut.Err.Trim().Split('\n'));
        Assert.StartsWith($"error: {PathOf("cut.bin")}: truncated", cut.Err);

        var notArpa = Run("build-binary", "--arpa", model, "--out", PathOf("again.bin"));
        Assert.Equal(1, notArpa.Exit);
        Assert.Contains("not an ARPA file", notArpa.Err);
        Assert.False(File.Exists(PathOf("again.bin")));
    }
}
