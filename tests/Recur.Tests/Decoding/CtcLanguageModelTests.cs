using Recur.Decoding;
using Recur.NGram;

namespace Recur.Tests.Decoding;

public class CtcLanguageModelTests
{
    // A bigram model that knows "the cat" and not "kat" (which scores as <unk>, after the back-off of "the").
    const string Arpa = """
        \data\
        ngram 1=6
        ngram 2=4

        \1-grams:
        -1.0	<unk>
        -0.7	</s>
        -99	<s>	-0.3
        -0.6	the	-0.2
        -1.0	cat	-0.2
        -1.5	sat	-0.2

        \2-grams:
        -0.2	<s> the
        -0.3	the cat
        -0.3	cat </s>
        -0.5	cat sat

        \end\
        """;

    static readonly string[] Alphabet = CtcEmissions.Alphabet;

    static BackoffModel LoadModel()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Arpa);
            return BackoffModel.Load(path);
        }
        finally { File.Delete(path); }
    }

    /// <summary>"the ?at", where the acoustics prefer k (0.5) to c (0.4).</summary>
    static float[] CatOrKat() => CtcEmissions.Frames(Alphabet, [.. CtcEmissions.Spell("_the_ _"), [("k", 0.5), ("c", 0.4)], .. CtcEmissions.Spell("_at_")]);

    static IReadOnlyList<CtcHypothesis> Decode(float[] logProbs, CtcBeamSearchOptions options, BackoffModel? lm = null)
    {
        var search = new CtcPrefixBeamSearch(Alphabet, 0, options);
        return lm is null ? search.Decode(logProbs) : search.Decode(logProbs, lm);
    }

    [Fact]
    public void TheLanguageModelFlipsAnAmbiguousWord()
    {
        var lm = LoadModel();
        var acoustic = Decode(CatOrKat(), new CtcBeamSearchOptions { Alpha = 0 }, lm)[0];
        Assert.Equal("the kat", acoustic.Text);
        Assert.Equal("the kat", Decode(CatOrKat(), new CtcBeamSearchOptions())[0].Text);
        var fused = Decode(CatOrKat(), new CtcBeamSearchOptions(), lm)[0];
        Assert.Equal("the cat", fused.Text);
        Assert.Equal(2, fused.Words);
        Assert.True(fused.AcousticLogProb < acoustic.AcousticLogProb);
    }

    [Fact]
    public void ALexiconRulesOutAWordWithTheLanguageModelInTheSearchToo()
    {
        // With α = 0 the fused search keeps "the kat"; a lexicon without "kat" leaves "the cat", scored as the LM scores it.
        var lm = LoadModel();
        var options = new CtcBeamSearchOptions { Alpha = 0, Lexicon = ["the", "cat", "sat"] };
        var constrained = Decode(CatOrKat(), options, lm)[0];
        Assert.Equal("the cat", constrained.Text);
        var free = Decode(CatOrKat(), options with { Lexicon = null }, lm)[0];
        Assert.Equal("the kat", free.Text);
        Assert.Equal(constrained.AcousticLogProb + 2 * options.Beta, constrained.Score, 1e-9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void TheHypothesisCarriesTheLanguageModelsOwnSentenceScore(double alpha)
    {
        var lm = LoadModel();
        var options = new CtcBeamSearchOptions { Alpha = alpha, Beta = 0.7, NBest = 3 };
        foreach (var h in Decode(CatOrKat(), options, lm))
        {
            // Σ ln p of the words and </s>, unknown words as <unk>: the model's sentence score in natural logs.
            Assert.Equal(lm.SentenceLog10Prob(h.Text) * Math.Log(10), h.LmLogProb, 1e-4);
            Assert.Equal(h.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, h.Words);
            Assert.Equal(h.AcousticLogProb + alpha * h.LmLogProb + 0.7 * h.Words, h.Score, 1e-9);
        }
    }

    [Fact]
    public void TheUnknownWordOffsetChargesOnlyWordsTheModelLacks()
    {
        // With α = 0 only the offset separates "kat" (unknown) from "cat": the acoustics' ln(0.5 / 0.4) = 0.22 decides without it.
        var lm = LoadModel();
        Assert.Equal("the kat", Decode(CatOrKat(), new CtcBeamSearchOptions { Alpha = 0, UnknownWordOffset = -0.2 }, lm)[0].Text);
        var hypotheses = Decode(CatOrKat(), new CtcBeamSearchOptions { Alpha = 0, UnknownWordOffset = -0.3, NBest = 2 }, lm);
        Assert.Equal(["the cat", "the kat"], hypotheses.Select(h => h.Text));
        // The offset is in the ranking score only; the language model's own ln p is reported as it is.
        foreach (var h in hypotheses)
            Assert.Equal(h.AcousticLogProb + 1.5 * h.Words + (h.Text.Contains("kat") ? -0.3 : 0), h.Score, 1e-9);
        Assert.Throws<ArgumentOutOfRangeException>(() => Decode(CatOrKat(), new CtcBeamSearchOptions { UnknownWordOffset = double.NegativeInfinity }, lm));
    }

    [Fact]
    public void TheWordBonusTradesInsertions()
    {
        // "the" then a frame that is a blank (0.7) or a space (0.29), then "cat": one word or two.
        var logProbs = CtcEmissions.Frames(Alphabet, [.. CtcEmissions.Spell("_the"), [("_", 0.7), (" ", 0.29)], .. CtcEmissions.Spell("cat_")]);
        var lm = LoadModel();
        var few = Decode(logProbs, new CtcBeamSearchOptions { Alpha = 0, Beta = 0 }, lm)[0];
        var many = Decode(logProbs, new CtcBeamSearchOptions { Alpha = 0, Beta = 3 }, lm)[0];
        Assert.Equal(("thecat", 1), (few.Text, few.Words));
        Assert.Equal(("the cat", 2), (many.Text, many.Words));
    }

    [Fact]
    public void NoFramesScoreTheEmptySentence()
    {
        var lm = LoadModel();
        var h = Assert.Single(Decode([], new CtcBeamSearchOptions(), lm));
        Assert.Equal("", h.Text);
        Assert.Equal(lm.SentenceLog10Prob("") * Math.Log(10), h.LmLogProb, 1e-5);
        Assert.Equal(0.5 * h.LmLogProb, h.Score, 1e-9);
    }

    [Fact]
    public void AHotwordFlipsAnAmbiguousWord()
    {
        Assert.Equal("the cat", Decode(CatOrKat(), new CtcBeamSearchOptions { Hotwords = ["cat"] })[0].Text);
        Assert.Equal("the cat", Decode(CatOrKat(), new CtcBeamSearchOptions { Hotwords = ["the cat"], HotwordWeight = 1 })[0].Text);
        var hot = Decode(CatOrKat(), new CtcBeamSearchOptions { Hotwords = ["cat"], HotwordWeight = 2, Alpha = 0 }, LoadModel())[0];
        Assert.Equal("the cat", hot.Text);
        Assert.Equal(hot.AcousticLogProb + 1.5 * 2 + 2, hot.Score, 1e-9);
        // A word that only starts like a hotword keeps no bonus once it ends.
        var partial = Decode(CatOrKat(), new CtcBeamSearchOptions { Hotwords = ["catalogue"] })[0];
        Assert.Equal("the kat", partial.Text);
        Assert.Equal(partial.AcousticLogProb, partial.Score, 1e-12);
    }

    [Fact]
    public void ALanguageModelNeedsADelimiterInTheAlphabet()
    {
        var search = new CtcPrefixBeamSearch(["_", "a", "b"], 0);
        var e = Assert.Throws<ArgumentException>(() => search.Decode(new float[6], LoadModel()));
        Assert.Contains("delimiter", e.Message);
    }
}
