using Recur.Decoding;

namespace Recur.Tests.Decoding;

public class CtcPrefixBeamSearchTests
{
    static readonly CtcBeamSearchOptions Exhaustive = new()
    {
        BeamWidth = 10000, TokenMinLogProb = double.NegativeInfinity, BeamPruneLogProb = double.NegativeInfinity, Beta = 0, NBest = 5,
    };

    [Theory]
    [InlineData(1, 1, 2)]
    [InlineData(2, 3, 3)]
    [InlineData(3, 4, 4)]
    [InlineData(4, 5, 3)]
    [InlineData(5, 6, 4)]
    [InlineData(6, 6, 2)]
    [InlineData(7, 8, 4)]
    [InlineData(8, 9, 3)]
    public void WithoutPruningTheBeamFindsTheMostProbableLabellingsByBruteForce(int seed, int T, int C)
    {
        var random = new Random(seed);
        var alphabet = Enumerable.Range(0, C).Select(c => ((char)('a' + c)).ToString()).ToArray();
        foreach (int blank in new[] { 0, C - 1 })
        {
            var logProbs = CtcEmissions.Random(random, T, C);
            var expected = CtcEmissions.BruteForce(logProbs, C, blank);
            var result = new CtcPrefixBeamSearch(alphabet, blank, Exhaustive).Decode(logProbs);
            Assert.Equal(Math.Min(5, expected.Count), result.Count);
            for (int n = 0; n < result.Count; n++)
            {
                Assert.Equal(expected[n].Labels, result[n].Tokens);
                Assert.Equal(expected[n].LogProb, result[n].AcousticLogProb, 1e-5);
                Assert.Equal(result[n].AcousticLogProb, result[n].Score, 1e-12);
                Assert.Equal(string.Concat(result[n].Tokens.Select(c => alphabet[c])), result[n].Text);
            }
        }
    }

    [Theory]
    [InlineData(11, 5)]
    [InlineData(12, 6)]
    [InlineData(13, 7)]
    public void ALexiconLeavesTheMostProbableLabellingsThatSpellOnlyItsWords(int seed, int T)
    {
        // Alphabet: blank, delimiter, a, b. Every labelling is enumerated; the search must return, in order, the most
        // probable of those whose words (split at the delimiter, repeats allowed) all lie in the lexicon.
        string[] alphabet = ["", " ", "a", "b"];
        string[] lexicon = ["ab", "b", "baa"];
        var logProbs = CtcEmissions.Random(new Random(seed), T, alphabet.Length);
        string Text(int[] labels) => string.Concat(labels.Select(c => alphabet[c]));
        var expected = CtcEmissions.BruteForce(logProbs, alphabet.Length, 0)
            .Where(l => Text(l.Labels).Split(' ', StringSplitOptions.RemoveEmptyEntries).All(lexicon.Contains)).ToList();
        var result = new CtcPrefixBeamSearch(alphabet, 0, Exhaustive with { Lexicon = lexicon }).Decode(logProbs);
        Assert.Equal(Math.Min(5, expected.Count), result.Count);
        for (int n = 0; n < result.Count; n++)
        {
            Assert.Equal(expected[n].Labels, result[n].Tokens);
            Assert.Equal(expected[n].LogProb, result[n].Score, 1e-5);
        }
    }

    [Fact]
    public void ALexiconThatForbidsEveryLikelyClassLeavesTheBlank()
    {
        // "x" is sure for two frames, but the lexicon knows only "yes"; the token threshold drops the blank there, and
        // without it no prefix would survive the frame.
        string[] alphabet = ["_", " ", "e", "s", "x", "y"];
        var logProbs = CtcEmissions.Frames(alphabet, [("x", 0.999)], [("x", 0.999)], [("y", 0.9)], [("e", 0.9)], [("s", 0.9)]);
        var options = new CtcBeamSearchOptions { Lexicon = ["yes"], BeamWidth = 8 };
        Assert.Equal("yes", new CtcPrefixBeamSearch(alphabet, 0, options).Decode(logProbs)[0].Text);
        Assert.Equal("xyes", new CtcPrefixBeamSearch(alphabet, 0, options with { Lexicon = null }).Decode(logProbs)[0].Text);
        Assert.Throws<ArgumentException>(() => new CtcPrefixBeamSearch(alphabet, 0, options with { Lexicon = [" "] }));
    }

    [Fact]
    public void TheBestLabellingIsNotTheLabellingOfTheBestPath()
    {
        // Two frames, p(blank) = 0.6, p(a) = 0.4 each: the best path "__" has p = 0.36, but "a" sums
        // aa + a_ + _a = 0.16 + 0.24 + 0.24 = 0.64 (Graves et al. 2006, §3.2).
        string[] alphabet = ["_", "a"];
        var logProbs = CtcEmissions.Frames(alphabet, [("_", 0.6)], [("_", 0.6)]);
        Assert.Empty(CtcGreedyDecoder.Decode(logProbs, 2));
        var result = new CtcPrefixBeamSearch(alphabet, 0, Exhaustive).Decode(logProbs);
        Assert.Equal("a", result[0].Text);
        Assert.Equal(Math.Log(0.64), result[0].AcousticLogProb, 1e-6);
        Assert.Equal("", result[1].Text);
        Assert.Equal(Math.Log(0.36), result[1].AcousticLogProb, 1e-6);
        // A beam of one keeps only the best prefix per frame and lands on the best path's answer instead.
        var narrow = new CtcPrefixBeamSearch(alphabet, 0, Exhaustive with { BeamWidth = 1, NBest = 1 }).Decode(logProbs);
        Assert.Equal("", narrow[0].Text);
    }

    [Fact]
    public void ARepeatedLetterNeedsABlankBetween()
    {
        var logProbs = CtcEmissions.Frames(CtcEmissions.Alphabet, CtcEmissions.Spell("hel_lo"));
        var search = new CtcPrefixBeamSearch(CtcEmissions.Alphabet, 0, new CtcBeamSearchOptions { BeamWidth = 8 });
        Assert.Equal("hello", search.Decode(logProbs)[0].Text);
        Assert.Equal("helo", search.Decode(CtcEmissions.Frames(CtcEmissions.Alphabet, CtcEmissions.Spell("hello")))[0].Text);
    }

    [Fact]
    public void PruningChangesNothingOnAnUnambiguousUtterance()
    {
        var logProbs = CtcEmissions.Frames(CtcEmissions.Alphabet, CtcEmissions.Spell("_th_e__c_a_t_", 0.95));
        var pruned = new CtcPrefixBeamSearch(CtcEmissions.Alphabet, 0, new CtcBeamSearchOptions { BeamWidth = 4 }).Decode(logProbs);
        var full = new CtcPrefixBeamSearch(CtcEmissions.Alphabet, 0, Exhaustive with { BeamWidth = 200, NBest = 1 }).Decode(logProbs);
        Assert.Equal("thecat", pruned[0].Text);
        Assert.Equal(full[0].Text, pruned[0].Text);
        // The pruned search sums fewer alignments (those through classes below e⁻⁵ are skipped): a little less mass, never more.
        Assert.InRange(full[0].AcousticLogProb - pruned[0].AcousticLogProb, 0, 0.05);
    }

    [Fact]
    public void NoFramesGiveOneEmptyHypothesis()
    {
        var result = new CtcPrefixBeamSearch(CtcEmissions.Alphabet, 0).Decode([]);
        var h = Assert.Single(result);
        Assert.Equal("", h.Text);
        Assert.Empty(h.Tokens);
        Assert.Equal(0, h.AcousticLogProb);
        Assert.Equal(0, h.Words);
    }

    [Fact]
    public void TheNBestHaveDistinctTextsInScoreOrder()
    {
        var logProbs = CtcEmissions.Random(new Random(7), 12, CtcEmissions.Alphabet.Length, sharpness: 6);
        var result = new CtcPrefixBeamSearch(CtcEmissions.Alphabet, 0, new CtcBeamSearchOptions { NBest = 10 }).Decode(logProbs);
        Assert.Equal(10, result.Count);
        Assert.Equal(10, result.Select(h => h.Text).Distinct().Count());
        for (int n = 1; n < result.Count; n++) Assert.True(result[n - 1].Score >= result[n].Score);
    }

    [Fact]
    public void ABatchDecodesAsEachUtteranceAlone()
    {
        var random = new Random(3);
        var utterances = new[] { 5, 0, 9 }.Select(T => (ReadOnlyMemory<float>)CtcEmissions.Random(random, T, 4)).ToArray();
        var search = new CtcPrefixBeamSearch(["_", "a", "b", " "], 0);
        var batch = search.DecodeBatch(utterances);
        for (int i = 0; i < utterances.Length; i++)
            Assert.Equal(search.Decode(utterances[i].Span)[0], batch[i][0], (x, y) => x.Text == y.Text && x.Score == y.Score);
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var search = new CtcPrefixBeamSearch(["_", "a", "b"], 0);
        var e = Assert.Throws<ArgumentException>(() => search.Decode(new float[8]));
        Assert.Contains("8 values", e.Message);
        Assert.Contains("3 classes", e.Message);
        // An alphabet of 4 entries for 3-class emissions: 3 frames' worth of 3 is 9 values, not a multiple of 4.
        e = Assert.Throws<ArgumentException>(() => new CtcPrefixBeamSearch(["_", "a", "b", "c"], 0).Decode(new float[9]));
        Assert.Contains("alphabet", e.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => new CtcPrefixBeamSearch(["_", "a"], 2));
        Assert.Contains("blank", range.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CtcPrefixBeamSearch(["_", "a"], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CtcPrefixBeamSearch(["_", "a"], 0, new CtcBeamSearchOptions { BeamWidth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CtcPrefixBeamSearch(["_", "a"], 0, new CtcBeamSearchOptions { BeamWidth = 2, NBest = 3 }));
        Assert.Throws<ArgumentException>(() => new CtcPrefixBeamSearch(["_", "a", ""], 0));
    }
}

public class CtcBeamSelectionTests
{
    [Fact]
    public void PartitionSmallestKeepsTheKSmallestKeysWithTheirItems()
    {
        var random = new Random(11);
        for (int n = 1; n <= 67; n += 3)
            for (int k = 1; k <= n; k += 1 + n / 7)
            {
                // Few distinct values, so ties straddle the boundary too.
                var keys = Enumerable.Range(0, n).Select(_ => (double)random.Next(n / 2 + 1)).ToArray();
                var items = Enumerable.Range(0, n).ToArray();
                var original = (double[])keys.Clone();
                CtcPrefixBeamSearch.PartitionSmallest(keys, items, n, k);
                Assert.Equal(original.Order().Take(k), keys.Take(k).Order());
                Assert.Equal(Enumerable.Range(0, n), items.Order());
                for (int i = 0; i < n; i++) Assert.Equal(original[items[i]], keys[i]);
            }
    }
}
