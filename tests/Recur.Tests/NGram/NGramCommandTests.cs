using System.CommandLine;
using System.Text.Json;
using Recur.Cli.Commands;

namespace Recur.Tests.NGram;

/// <summary>`recur ngram …` invoked in process on a small temporary corpus.</summary>
public sealed class NGramCommandTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("recur-ngram-cli-");

    public void Dispose() => dir.Delete(recursive: true);

    string PathOf(string name) => Path.Combine(dir.FullName, name);

    static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { NGramCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(["ngram", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

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
        var score = Run("score", "--arpa", arpa, "--text", PathOf("two.txt"));
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
}
