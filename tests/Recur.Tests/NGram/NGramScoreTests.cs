using System.Globalization;
using Recur.Cli.Commands.NGram;
using Recur.NGram;
using Recur.Tests.Cli;

namespace Recur.Tests.NGram;

/// <summary>
/// `recur ngram score` in KenLM query's format on a hand-worked bigram model: each word's id, matched n-gram order
/// and log10 p worked out by hand from the ARPA entries below, then the per-sentence and corpus lines.
/// </summary>
public sealed class NGramScoreTests : IDisposable
{
    const string Arpa = """
        \data\
        ngram 1=4
        ngram 2=2

        \1-grams:
        -99	<s>	-0.5
        -0.5	</s>
        -0.3	a	-0.2
        -2	<unk>

        \2-grams:
        -0.1	<s> a
        -0.4	a </s>

        \end\

        """;

    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("recur-ngram-score-");

    public void Dispose() => dir.Delete(recursive: true);

    string Write(string name, string text)
    {
        string path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void PrintsKenLmQueryLinesWorkedOutByHand()
    {
        string model = Write("m.arpa", Arpa);
        string text = Write("s.txt", "a b a\n\n");
        var (code, output, err) = CliRunner.Run("ngram", "score", "--model", model, "--text", text);
        Assert.True(code == 0, err);
        var lines = output.Split('\n');
        // a|<s> is the bigram; b is OOV: p(<unk>) · backoff(a) = −2 − 0.2; a|<unk> backs off to p(a) (<unk> has no
        // back-off weight); </s>|a is the bigram.
        Assert.Equal("a=3 2 -0.1\tb=0 1 -2.2\ta=3 1 -0.3\t</s>=2 2 -0.4\tTotal: -3 OOV: 1", lines[0]);
        // The empty sentence: </s>|<s> backs off: p(</s>) · backoff(<s>) = −0.5 − 0.5.
        Assert.Equal("</s>=2 1 -1\tTotal: -1 OOV: 0", lines[1]);
        Assert.StartsWith("Perplexity including OOVs:\t", lines[2]);
        Assert.Equal(Math.Pow(10, 4.0 / 5), double.Parse(lines[2].Split('\t')[1], CultureInfo.InvariantCulture), 1e-5);
        Assert.Equal(Math.Pow(10, (4.0 - 2.2) / 4), double.Parse(lines[3].Split('\t')[1], CultureInfo.InvariantCulture), 1e-5);
        Assert.Equal("OOVs:\t1", lines[4]);
        Assert.Equal("Tokens:\t5", lines[5]);
        Assert.Equal("", lines[6]);
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public void SentenceOnlyPrintsOneNumberPerSentence()
    {
        string model = Write("m.arpa", Arpa);
        var (code, output, _) = CliRunner.Run("ngram", "score", "--model", model, "--text", Write("s.txt", "a b a\n\n"), "--sentence-only");
        Assert.Equal(0, code);
        Assert.Equal(["-3", "-1", ""], output.Split('\n'));
    }

    [Fact]
    public void ScoreSentenceAgreesWithSentenceLog10Prob()
    {
        var lm = ArpaReader.Read(new StringReader(Arpa));
        var words = new List<WordScore>();
        double total = lm.ScoreSentence("a a b", words);
        Assert.Equal(lm.SentenceLog10Prob("a a b"), total);
        Assert.Equal(4, words.Count);
        Assert.Equal(2..3, words[1].Token);
        Assert.True(words[2].IsUnknown);
        Assert.Equal(total, words.Sum(w => (double)w.Log10Prob), 1e-12);
    }

    [Theory]
    [InlineData(-2.30103f, "-2.30103")]
    [InlineData(1e-7f, "1e-7")]
    [InlineData(1e-6f, "0.000001")]
    [InlineData(100f, "100")]
    [InlineData(0f, "0")]
    [InlineData(-0.0001234f, "-0.0001234")]
    public void FloatsAreShortestAsKenLmPrintsThem(float value, string expected) => Assert.Equal(expected, ShortestNumber.Format(value));

    [Theory]
    [InlineData(5.623413251903491, "5.623413251903491")]
    [InlineData(1e21, "1e21")]
    [InlineData(1.2345678901234568e20, "123456789012345680000")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(double.PositiveInfinity, "inf")]
    public void DoublesAreShortestAsKenLmPrintsThem(double value, string expected) => Assert.Equal(expected, ShortestNumber.Format(value));
}
