using Recur.NGram;

namespace Recur.Tests.NGram;

public class ArpaTests
{
    // A bigram model laid out as KenLM and SRILM write it: a comment before \data\, spaces or tabs between fields,
    // no back-off on leaves, no <unk> (the reader substitutes log10 p = −100, as KenLM does).
    const string ForeignArpa = """
        # written by a peer tool
        \data\
        ngram 1=4
        ngram 2=3

        \1-grams:
        -99	<s>	-0.30103
        -0.60206	</s>
        -0.30103 a -0.1
        -0.90309	b

        \2-grams:
        -0.1249387	<s> a
        -0.20412	a b
        -0.30103 b </s>

        \end\
        """;

    [Fact]
    public void ReadsAFileInThePeerLayoutAndQueriesWithBackoff()
    {
        var model = ArpaReader.Read(new StringReader(ForeignArpa));
        Assert.Equal(2, model.Order);
        Assert.Equal(-100f, model.Log10Prob([], "never-seen"));
        Assert.Equal(-0.1249387f, model.Log10Prob(["<s>"], "a"));
        // "<s> b" is absent: back-off(<s>) + p(b) = −0.30103 − 0.90309.
        Assert.Equal(-0.30103f + -0.90309f, model.Log10Prob(["<s>"], "b"), 1e-6f);
        // "a </s>" is absent: back-off(a) + p(</s>) = −0.1 − 0.60206.
        Assert.Equal(-0.1f + -0.60206f, model.Log10Prob(["a"], "</s>"), 1e-6f);
        Assert.Equal(-0.1249387 + -0.20412 + -0.30103, model.SentenceLog10Prob("a b"), 1e-5);
    }

    [Theory]
    [InlineData("-0.20412\ta", 14, "needs 2 words")]
    [InlineData("-0.20412\ta zz", 14, "'zz' is not among the unigrams")]
    [InlineData("x\ta b", 14, "log10 probability")]
    [InlineData("-0.20412\ta b\tnope", 14, "back-off")]
    [InlineData("-0.20412\t<s> a", 14, "duplicate 2-gram")]
    public void AMalformedLineIsNamed(string replacement, int line, string problem)
    {
        var text = ForeignArpa.Replace("-0.20412\ta b", replacement);
        var e = Assert.Throws<ArpaFormatException>(() => ArpaReader.Read(new StringReader(text), "model.arpa"));
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"model.arpa:{line}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void ACountThatDisagreesWithTheHeaderIsAnError()
    {
        var e = Assert.Throws<ArpaFormatException>(() => ArpaReader.Read(new StringReader(ForeignArpa.Replace("ngram 2=3", "ngram 2=4"))));
        Assert.Contains("promises 4 2-grams", e.Message);
    }

    [Fact]
    public void WritingIsAtomicAndLeavesNoTemporaryFile()
    {
        var dir = Directory.CreateTempSubdirectory("recur-arpa-");
        try
        {
            string path = Path.Combine(dir.FullName, "m.arpa");
            File.WriteAllText(path, "old contents");
            var model = ArpaReader.Read(new StringReader(ForeignArpa));
            ArpaWriter.Write(model, path);
            Assert.Equal([path], Directory.GetFiles(dir.FullName));
            Assert.Equal(model.SentenceLog10Prob("a b"), ArpaReader.Read(path).SentenceLog10Prob("a b"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ReservedWordsInTrainingTextNameTheLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => NGramCounter.Count(new StringReader("a b\nc </s> d\n"), 2));
        Assert.StartsWith("line 2:", e.Message);
    }
}
