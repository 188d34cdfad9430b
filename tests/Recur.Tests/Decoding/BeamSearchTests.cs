using Recur.Decoding;

namespace Recur.Tests.Decoding;

public class BeamSearchTests
{
    const int End = 0;

    static void SameOutputs(IReadOnlyList<BruteForce.Output> expected, Hypothesis[] actual)
    {
        Assert.Equal(expected.Count, actual.Length);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Tokens, actual[i].Tokens);
            Assert.Equal(expected[i].LogProbability, actual[i].LogProbability);
            Assert.Equal(expected[i].Score, actual[i].Score);
            Assert.Equal(expected[i].Tokens.Length + 1, actual[i].Length);
            Assert.True(actual[i].Ended);
        }
    }

    // V = 4 (end token + 3), at most 3 tokens before the end: 1 + 3 + 9 + 27 = 40 outputs, at most 27 × 4
    // candidates per step, so a beam of 128 holds the whole search space.
    static BeamSearchOptions Exhaustive(int nBest = 40) => new() { EndToken = End, BeamSize = 128, NBest = nBest, MaxLengthB = 3, EarlyStopping = false };

    public static TheoryData<string> Normalizations => ["none", "average", "power", "gnmt"];

    static LengthNormalization Normalization(string name) => name switch
    {
        "average" => LengthNormalization.Average,
        "power" => LengthNormalization.Power(0.7),
        "gnmt" => LengthNormalization.Gnmt(0.6),
        _ => LengthNormalization.None,
    };

    [Theory]
    [MemberData(nameof(Normalizations))]
    public void AFullBeamReturnsTheExactArgmaxAndNBestOrder(string normalization)
    {
        var model = new TableStepModel(4);
        var options = Exhaustive() with { LengthNormalization = Normalization(normalization) };
        var result = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], options);
        SameOutputs(BruteForce.Enumerate(model, 0, End, 0, 3, options.LengthNormalization), result[0]);
    }

    [Fact]
    public void AFullBeamOverAWideVocabularyIsExactToo()
    {
        // V = 40 sends the candidate scan through its vector path: 1 + 39 + 39² = 1561 outputs of at most 2 tokens.
        var model = new TableStepModel(40);
        var options = new BeamSearchOptions { EndToken = End, BeamSize = 1600, NBest = 1561, MaxLengthB = 2, EarlyStopping = false, LengthNormalization = LengthNormalization.Average };
        var result = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], options);
        SameOutputs(BruteForce.Enumerate(model, 0, End, 0, 2, options.LengthNormalization), result[0]);
    }

    [Fact]
    public void EarlyStoppingWithAFullBeamChangesNothingAndASmallBeamReturnsTrueScores()
    {
        var model = new TableStepModel(4);
        var exact = BruteForce.Enumerate(model, 0, End, 0, 3, LengthNormalization.None);
        var early = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], Exhaustive() with { EarlyStopping = true });
        SameOutputs(exact, early[0]);
        // A beam of 3 may miss outputs, but what it returns are real outputs with their true scores, best first.
        var byTokens = exact.ToDictionary(o => string.Join(",", o.Tokens));
        foreach (bool stopEarly in new[] { true, false })
        {
            var small = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], Exhaustive(3) with { BeamSize = 3, EarlyStopping = stopEarly })[0];
            Assert.Equal(3, small.Length);
            Assert.All(small, h => Assert.Equal(byTokens[string.Join(",", h.Tokens)].Score, h.Score));
            Assert.Equal(small.OrderByDescending(h => h.Score), small);
        }
    }

    [Fact]
    public void LengthNormalisationMatchesHandWorkedValuesAndFlipsTheWinner()
    {
        Assert.Equal(1.0, LengthNormalization.None.Divisor(3));
        Assert.Equal(3.0, LengthNormalization.Average.Divisor(3));
        Assert.Equal(1.7320508, LengthNormalization.Power(0.5).Divisor(3), 6);       // √3
        Assert.Equal(1.1884, LengthNormalization.Gnmt(0.6).Divisor(3), 4);          // (8/6)^0.6 = e^(0.6 · 0.28768)
        Assert.Equal(1.0, LengthNormalization.Gnmt(0).Divisor(7));

        // p(end | ·) = 0.5, p(1 | ·) = 0.5, p(end | 1) = 0.8. "end": ln 0.5 = −0.693 over |Y| = 1;
        // "1 end": ln 0.4 = −0.916 over |Y| = 2 (−0.458 on average), so averaging prefers the longer output.
        var model = new TableStepModel(2, (_, prefix) => prefix.Length == 0 ? [0.5f, 0.5f] : [0.8f, 0.2f]);
        var options = new BeamSearchOptions { EndToken = End, BeamSize = 2, NBest = 2, MaxLengthB = 1 };
        var raw = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], options)[0];
        Assert.Empty(raw[0].Tokens);
        Assert.Equal(Math.Log(0.5), raw[0].Score, 6);
        var averaged = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], options with { LengthNormalization = LengthNormalization.Average })[0];
        Assert.Equal([1], averaged[0].Tokens);
        Assert.Equal(Math.Log(0.4) / 2, averaged[0].Score, 6);
        Assert.Equal(Math.Log(0.4), averaged[0].LogProbability, 6);
        Assert.Equal(2, averaged[0].Length);
    }

    [Fact]
    public void CoverageTermsMatchHandWorkedValues()
    {
        float[] c = [0.5f, 1.5f, 1.0f];
        // GNMT: β Σ log min(c, 1) = 0.2 · (ln 0.5 + ln 1 + ln 1) = −0.138629.
        Assert.Equal(-0.138629, CoveragePenalty.Gnmt(0.2).Term(c), 6);
        // Summary: −β (Σ max(c, 1) − |X|) = −0.2 · (1 + 1.5 + 1 − 3) = −0.1.
        Assert.Equal(-0.1, CoveragePenalty.Summary(0.2).Term(c), 6);
        Assert.Equal(0.0, CoveragePenalty.None.Term(c));
        Assert.Equal(0.2 * Math.Log(CoveragePenalty.MinCoverage), CoveragePenalty.Gnmt(0.2).Term([0f]), 9);
    }

    static TableStepModel AttendingModel() => new(4, attention: (input, prefix) =>
    {
        // Attention over 3 source positions that depends on the prefix, so coverage differs between outputs.
        var p = TableStepModel.Seeded(3, input + 100, prefix);
        return [p[0] * p[0], p[1], 1 - p[0] * p[0] - p[1]];
    });

    [Theory]
    [InlineData("gnmt")]
    [InlineData("summary")]
    public void CoveragePenaltyRanksTheWholeSpaceAsEnumerationDoes(string kind)
    {
        var model = AttendingModel();
        var coverage = kind == "gnmt" ? CoveragePenalty.Gnmt(0.4) : CoveragePenalty.Summary(0.4);
        var options = Exhaustive() with { LengthNormalization = LengthNormalization.Gnmt(0.6), CoveragePenalty = coverage };
        var result = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], options, sourceLengths: [3])[0];
        var exact = BruteForce.Enumerate(model, 0, End, 0, 3, options.LengthNormalization, coverage, 3);
        Assert.Equal(exact.Select(o => o.Tokens), result.Select(h => h.Tokens));
        for (int i = 0; i < exact.Count; i++) Assert.Equal(exact[i].Score, result[i].Score, 12);
        // The penalty matters: without it the space is ordered differently.
        Assert.NotEqual(BruteForce.Enumerate(model, 0, End, 0, 3, options.LengthNormalization).Select(o => o.Tokens), exact.Select(o => o.Tokens));
    }

    [Fact]
    public void TheBestHypothesisCarriesItsAttentionRowByRow()
    {
        var model = AttendingModel();
        var best = BeamSearch.Decode(model, TableStepModel.Inputs(2), [End, End], Exhaustive(1), sourceLengths: [3, 2]);
        for (int n = 0; n < 2; n++)
        {
            var h = best[n][0];
            int s = n == 0 ? 3 : 2;
            Assert.Equal(s, h.SourceLength);
            Assert.Equal(h.Length * s, h.Attention!.Length);
            for (int j = 0; j < h.Length; j++)
                Assert.Equal(model.Attention(n, h.Tokens[..j])[..s], h.Attention.AsSpan(j * s, s).ToArray());
        }
    }

    [Fact]
    public void MinimumAndMaximumLengthsBoundEveryOutput()
    {
        var model = new TableStepModel(4);
        // max = ⌊0.5 · |X| + 1⌋: 2 for |X| = 2, 3 for |X| = 5.
        var options = Exhaustive() with { MinLength = 2, MaxLengthA = 0.5, MaxLengthB = 1 };
        var result = BeamSearch.Decode(model, TableStepModel.Inputs(2), [End, End], options, sourceLengths: [2, 5]);
        SameOutputs(BruteForce.Enumerate(model, 0, End, 2, 2, LengthNormalization.None), result[0]);
        SameOutputs(BruteForce.Enumerate(model, 1, End, 2, 3, LengthNormalization.None), result[1]);
        Assert.All(result[0], h => Assert.Equal(2, h.Tokens.Length));
        Assert.Contains(result[1], h => h.Tokens.Length == 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NoRepeatNGramBlockingRemovesExactlyTheRepeatingOutputs(int n)
    {
        var model = new TableStepModel(3);
        var options = Exhaustive() with { NoRepeatNGramSize = n, MaxLengthB = 4 };
        var result = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], options)[0];
        var exact = BruteForce.Enumerate(model, 0, End, 0, 4, LengthNormalization.None, allowed: t => !BruteForce.RepeatsNGram(t, n));
        SameOutputs(exact.Take(40).ToList(), result.Take(40).ToArray());
        Assert.All(result, h => Assert.False(BruteForce.RepeatsNGram(h.Tokens, n)));
    }

    [Fact]
    public void BatchedInputsDecodeAsEachAlone()
    {
        var model = new TableStepModel(7);
        var options = new BeamSearchOptions { EndToken = End, BeamSize = 4, NBest = 3, MaxLengthA = 1, MaxLengthB = 1, LengthNormalization = LengthNormalization.Gnmt(0.6), NoRepeatNGramSize = 2 };
        int[] sources = [3, 6, 1, 4];
        var batched = BeamSearch.Decode(model, TableStepModel.Inputs(4), [End, End, End, End], options, sources);
        for (int n = 0; n < 4; n++)
        {
            var alone = BeamSearch.Decode(model, [new TableStepModel.Row(n, null)], [End], options, [sources[n]])[0];
            Assert.Equal(alone.Select(h => h.Tokens), batched[n].Select(h => h.Tokens));
            Assert.Equal(alone.Select(h => h.Score), batched[n].Select(h => h.Score));
        }
    }

    [Fact]
    public void DiverseGroupsAvoidEachOthersTokensAndReportTheModelsLogProbability()
    {
        var model = new TableStepModel(8);
        var plain = new BeamSearchOptions { EndToken = End, BeamSize = 4, NBest = 4, Groups = 2, MinLength = 1, MaxLengthB = 4, EarlyStopping = false };
        // λ = 0: both groups run the same search, so their hypotheses coincide.
        var same = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], plain)[0];
        var byGroup = same.GroupBy(h => h.Group).ToDictionary(g => g.Key, g => g.Select(h => string.Join(",", h.Tokens)).ToHashSet());
        Assert.Equal(byGroup[0], byGroup[1]);
        // A strong penalty: at step 0 group 1 cannot take the two tokens group 0 took, so no first token is shared.
        var diverse = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], plain with { DiversityStrength = 50 })[0];
        var first0 = diverse.Where(h => h.Group == 0).Select(h => h.Tokens[0]).ToHashSet();
        var first1 = diverse.Where(h => h.Group == 1).Select(h => h.Tokens[0]).ToHashSet();
        Assert.NotEmpty(first1);
        Assert.Empty(first0.Intersect(first1));
        foreach (var h in diverse)
        {
            double logP = 0;
            for (int j = 0; j <= h.Tokens.Length; j++) logP += model.LogProb(0, h.Tokens[..j], j < h.Tokens.Length ? h.Tokens[j] : End);
            Assert.Equal(logP, h.LogProbability, 12);
        }
    }

    [Theory]
    [InlineData(0.3, 1)]
    [InlineData(0.6, 2)]
    public void TheHammingPenaltyMatchesAHandWorkedStep(double lambda, int secondGroupToken)
    {
        // p(· | ·) = (end 0.1, 1: 0.5, 2: 0.3, 3: 0.1); two groups of one beam. Group 0 takes token 1 (ln 0.5 = −0.693).
        // Group 1 sees token 1 at −0.693 − λ against token 2 at ln 0.3 = −1.204: λ = 0.3 leaves 1 ahead (−0.993),
        // λ = 0.6 puts 2 ahead (1 falls to −1.293).
        var model = new TableStepModel(4, (_, _) => [0.1f, 0.5f, 0.3f, 0.1f]);
        var options = new BeamSearchOptions { EndToken = End, BeamSize = 2, NBest = 2, Groups = 2, DiversityStrength = lambda, MinLength = 1, MaxLengthB = 1 };
        var result = BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], options)[0];
        Assert.Equal([1], result.Single(h => h.Group == 0).Tokens);
        var second = result.Single(h => h.Group == 1);
        Assert.Equal([secondGroupToken], second.Tokens);
        Assert.Equal(Math.Log(secondGroupToken == 1 ? 0.5 : 0.3) + Math.Log(0.1), second.LogProbability, 6);
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        var model = new TableStepModel(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], new BeamSearchOptions { EndToken = 9 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], new BeamSearchOptions { EndToken = End, BeamSize = 4, Groups = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], new BeamSearchOptions { EndToken = End, BeamSize = 2, NBest = 3 }));
        Assert.Throws<ArgumentException>(() => BeamSearch.Decode(model, TableStepModel.Inputs(1), [End], new BeamSearchOptions { EndToken = End, CoveragePenalty = CoveragePenalty.Gnmt(1) }));
    }
}
