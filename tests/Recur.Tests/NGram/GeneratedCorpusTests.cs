using Recur.NGram;

namespace Recur.Tests.NGram;

/// <summary>Properties of models estimated from a seeded random corpus: normalisation, ARPA round trip, scorer interface.</summary>
public class GeneratedCorpusTests
{
    /// <summary>Sentences of 1–12 words drawn from a Zipf-like distribution over 1000 words, so counts of counts are rich.</summary>
    internal static string Corpus(ulong seed, int sentences)
    {
        var rng = new Generator(seed);
        var text = new System.Text.StringBuilder();
        for (int s = 0; s < sentences; s++)
        {
            int length = 1 + rng.NextInt(12);
            for (int i = 0; i < length; i++)
            {
                // Zipf-like: the rank is roughly 1000^u − 1 for uniform u, a long tail of rare words.
                int rank = (int)Math.Pow(1000, rng.NextDouble()) - 1;
                text.Append(i == 0 ? "" : " ").Append('w').Append(rank);
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    static BackoffModel Train(INGramSmoothing smoothing, int order = 4) =>
        NGramEstimator.Estimate(NGramCounter.Count(new StringReader(Corpus(7, 3000)), order), smoothing);

    public static TheoryData<string> Smoothings => ["kneser-ney", "witten-bell", "add-k"];

    static INGramSmoothing Smoothing(string name) => name switch
    {
        "witten-bell" => new WittenBellSmoothing(),
        "add-k" => new AddKSmoothing(0.1),
        _ => new KneserNeySmoothing(),
    };

    [Theory]
    [MemberData(nameof(Smoothings))]
    public void EveryContextIsADistribution(string smoothing)
    {
        var model = Train(Smoothing(smoothing));
        var v = model.Vocabulary;
        var contexts = new[] { new[] { "<s>" }, ["<s>", "w0"], ["w0", "w1", "w0"], ["w3", "w9"], ["w1", "never-seen", "w2"], [] };
        foreach (var context in contexts)
        {
            double sum = 0;
            for (int w = 0; w < v.Count; w++)
                if (w != Vocabulary.BeginSentence) sum += Math.Pow(10, model.Log10Prob(context, v[w]));
            Assert.True(Math.Abs(sum - 1) < 1e-4, $"Σ p(w | {string.Join(' ', context)}) = {sum} with {smoothing}");
        }
    }

    [Fact]
    public void KneserNeyEstimatesDiscountsInRangeFromCountsOfCounts()
    {
        var counts = NGramCounter.Count(new StringReader(Corpus(7, 3000)), 4);
        var weights = new KneserNeySmoothing().Estimate(counts);
        for (int n = 1; n <= 4; n++)
        {
            var d = weights.Discounts![n - 1];
            Span<long> cc = stackalloc long[5];
            foreach (long a in KneserNeySmoothing.AdjustedCounts(counts, n)) if (a < 5) cc[(int)a]++;
            double y = cc[1] / (cc[1] + 2.0 * cc[2]);
            Assert.Equal(1 - 2 * y * cc[2] / cc[1], d.D1, 1e-5);
            Assert.Equal(2 - 3 * y * cc[3] / cc[2], d.D2, 1e-5);
            Assert.Equal(3 - 4 * y * cc[4] / cc[3], d.D3Plus, 1e-5);
        }
    }

    [Fact]
    public void ArpaRoundTripGivesIdenticalQueries()
    {
        var model = Train(new KneserNeySmoothing());
        var written = new StringWriter();
        ArpaWriter.Write(model, written);
        var reread = ArpaReader.Read(new StringReader(written.ToString()));

        Assert.Equal(model.Order, reread.Order);
        for (int n = 1; n <= model.Order; n++) Assert.Equal(model.Size(n), reread.Size(n));
        var heldOut = Corpus(8, 200);
        foreach (var line in heldOut.Split('\n'))
            Assert.Equal(model.SentenceLog10Prob(line), reread.SentenceLog10Prob(line));
        var a = Perplexity.Evaluate(model, new StringReader(heldOut));
        var b = Perplexity.Evaluate(reread, new StringReader(heldOut));
        Assert.Equal(a, b);

        var again = new StringWriter();
        ArpaWriter.Write(reread, again);
        Assert.Equal(written.ToString(), again.ToString());
    }

    [Fact]
    public void ScorerInterfaceAgreesWithSentenceScore()
    {
        ILanguageModelScorer<NGramState> scorer = Train(new KneserNeySmoothing(), order: 3);
        var model = (BackoffModel)scorer;
        foreach (var sentence in new[] { "w0 w1 w2", "w5 unseen w0 w0", "w3" })
        {
            var state = scorer.BeginSentence();
            double total = 0;
            foreach (var word in sentence.Split(' ')) total += scorer.LogProb(state, scorer.TokenId(word), out state);
            total += scorer.EndSentenceLogProb(state);
            Assert.Equal(model.SentenceLog10Prob(sentence) * Math.Log(10), total, 1e-9);
        }
        // In a trigram model the future depends on the last two words only: equal states, so a beam search may merge.
        NGramState After(params string[] words)
        {
            var state = scorer.BeginSentence();
            foreach (var w in words) scorer.LogProb(state, scorer.TokenId(w), out state);
            return state;
        }
        Assert.Equal(After("w0", "w1", "w2"), After("w5", "w1", "w2"));
        Assert.NotEqual(After("w0", "w1", "w2"), After("w0", "w2", "w1"));
    }
}
