using Recur.Metrics;

namespace Recur.Tests.Metrics;

/// <summary>Cases worked by hand: Python's rounding, the 13a tokeniser, add-k smoothing, chrF edge cases, WER/CER edits.</summary>
public class MetricsHandWorkedTests
{
    [Theory]
    [InlineData(62.25, 1, "62.2")]      // an exact binary half rounds to even
    [InlineData(62.75, 1, "62.8")]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(2.675, 2, "2.67")]      // 2.675 is 2.67499999… in binary
    [InlineData(100.00000000000004, 2, "100.00")]
    [InlineData(-0.001, 2, "-0.00")]
    [InlineData(0.0, 3, "0.000")]
    [InlineData(7.0, 0, "7")]
    [InlineData(1e22, 1, "10000000000000000000000.0")]
    public void FixedRoundsLikePython(double value, int digits, string expected) =>
        Assert.Equal(expected, PythonText.Fixed(value, digits));

    [Theory]
    [InlineData("Hello, world.", "Hello , world .")]
    [InlineData("It costs 1,000.50 dollars-ish.", "It costs 1,000.50 dollars-ish .")]
    [InlineData("1990-2000 (approx) &amp; \"so\"", "1990 - 2000 ( approx ) & \" so \"")]
    [InlineData("a<skipped>b", "ab")]
    [InlineData("  spaced\tout  ", "spaced out")]
    [InlineData("e.g. U.S.", "e . g . U . S .")]     // a period after a letter always splits
    public void Tokenizer13aSplitsPunctuation(string line, string expected) =>
        Assert.Equal(expected, Tokenizer13a.Tokenize(line));

    [Fact]
    public void AddKSmoothingAddsKAboveUnigrams()
    {
        // Unigrams 2/3; bigrams (1+1)/(2+1); trigrams (0+1)/(1+1); 4-grams (0+1)/(0+1). BLEU = (2/3 · 2/3 · 1/2 · 1)^(1/4).
        var bleu = new Bleu(new BleuOptions { Smoothing = BleuSmoothing.AddK });
        var score = bleu.Sentence("a b c", ["a b d"]);
        Assert.Equal(100 * Math.Pow(2.0 / 9, 0.25), score.Score, 10);
        Assert.Equal([200.0 / 3, 200.0 / 3, 50, 100], score.Precisions);
        Assert.Equal("nrefs:1|case:mixed|eff:no|tok:13a|smooth:add-k[1.00]|version:2.6.0", bleu.Signature(1));
    }

    [Fact]
    public void ExpSmoothingHalvesEachMissingOrder()
    {
        // "a b c d" vs "a b x y": 2/4 unigrams, 1/3 bigrams, no trigram (1/(2·2)), no 4-gram (1/(4·1)).
        var score = new Bleu().Sentence("a b c d", ["a b x y"]);
        Assert.Equal([50, 100.0 / 3, 25, 25], score.Precisions);
        Assert.Equal(Math.Exp((Math.Log(50) + Math.Log(100.0 / 3) + Math.Log(25) + Math.Log(25)) / 4), score.Score, 12);
    }

    [Fact]
    public void BrevityPenaltyUsesTheClosestReferenceShorterOnTies()
    {
        // Hypothesis of 3 tokens, references of 2 and 4: equally near, the shorter (2) counts, so no penalty.
        var score = new Bleu().Corpus(["a b c"], [["a b"], ["a b c d"]]);
        Assert.Equal(2, score.ReferenceLength);
        Assert.Equal(1.0, score.BrevityPenalty);
        var shortHyp = new Bleu().Corpus(["a b"], [["a b c d"]]);
        Assert.Equal(Math.Exp(1 - 4.0 / 2), shortHyp.BrevityPenalty, 15);
    }

    [Fact]
    public void EmptyHypothesesScoreZero()
    {
        Assert.Equal(0, new Bleu().Corpus(["", ""], [["a b", "c"]]).Score);
        Assert.Equal(0, new ChrF().Corpus([""], [["abc"]]).Score);
    }

    [Fact]
    public void ChrFPlusPlusSplitsOnePunctuationMarkOffAWord()
    {
        // Identical text scores 100 whatever the splitting; "(hi)" vs "(hi )" differs only in word n-grams.
        Assert.Equal(100, new ChrF(ChrFOptions.ChrFPlusPlus).Sentence("(hi) there.", ["(hi) there."]).Score, 12);
        Assert.Equal("chrF2++", new ChrF(ChrFOptions.ChrFPlusPlus).Sentence("a", ["a"]).Name);
    }

    [Fact]
    public void ChrFAveragesPrecisionAndRecallOrEpsSmoothedFScores()
    {
        // "abc" vs "abcd", orders 1–2: unigrams P 1, R 3/4; bigrams P 1, R 2/3 (F₂ of each: 15/19 and 5/7).
        double f1 = 5 * 0.75 / (4 + 0.75), f2 = 5 * (2.0 / 3) / (4 + 2.0 / 3);
        double averageRecall = (0.75 + 2.0 / 3) / 2;
        var effective = new ChrF(new ChrFOptions { CharOrder = 2 }).Sentence("abc", ["abcd"]);
        Assert.Equal(100 * 5 * averageRecall / (4 + averageRecall), effective.Score, 12);
        var eps = new ChrF(new ChrFOptions { CharOrder = 2, EpsSmoothing = true }).Sentence("abc", ["abcd"]);
        Assert.Equal(100 * (f1 + f2) / 2, eps.Score, 12);
        Assert.Equal("nrefs:1|case:mixed|eff:no|nc:2|nw:0|space:no|version:2.6.0", new ChrF(new ChrFOptions { CharOrder = 2, EpsSmoothing = true }).Signature(1));
        // Of two references the one with the higher F counts.
        Assert.Equal(100, new ChrF().Sentence("a cat", ["the dog", "a cat"]).Score, 12);
    }

    [Fact]
    public void WordErrorsSplitIntoSubstitutionsDeletionsInsertions()
    {
        // reference: the cat sat on the mat; hypothesis: cat sit on the mat today → the (D), sat→sit (S), today (I).
        var e = ErrorRate.Words("cat sit on the mat today", "the cat sat on the mat");
        Assert.Equal(new EditCounts(Substitutions: 1, Deletions: 1, Insertions: 1, Hits: 4, ReferenceLength: 6), e);
        Assert.Equal(0.5, e.Rate);
    }

    [Fact]
    public void CharacterErrorsCountScalarValues()
    {
        // kitten → sitting: k→s, e→i (S, S), g inserted.
        var e = ErrorRate.Characters("sitting", "kitten");
        Assert.Equal((2L, 0L, 1L, 4L), (e.Substitutions, e.Deletions, e.Insertions, e.Hits));
        // A character outside the BMP counts once, not as two UTF-16 units.
        Assert.Equal(1, ErrorRate.Characters("a😀", "a").Insertions);
        var corpus = ErrorRate.Characters(["ab", ""], ["ab", "xy"]);
        Assert.Equal((2L, 4L), (corpus.Deletions, corpus.ReferenceLength));
        Assert.Equal(double.PositiveInfinity, ErrorRate.Words("a", "").Rate);
    }
}
