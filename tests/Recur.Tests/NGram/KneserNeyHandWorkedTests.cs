using Recur.NGram;

namespace Recur.Tests.NGram;

/// <summary>
/// A trigram model of the two-sentence corpus "a b" / "a", every number worked by hand from Chen &amp; Goodman's
/// interpolated modified Kneser-Ney with KenLM's conventions. The corpus is too small for the counts of counts to
/// define discounts, so every order uses the fallback D1 = 0.5, D2 = 1, D3+ = 1.5.
///
/// Padded sentences: "&lt;s&gt; a b &lt;/s&gt;", "&lt;s&gt; a &lt;/s&gt;". Vocabulary: &lt;unk&gt; &lt;s&gt; &lt;/s&gt; a b,
/// so the uniform base is 1/4 (&lt;s&gt; excluded).
///
/// Counts used (trigrams raw; lower orders adjusted = number of distinct left neighbours, except &lt;s&gt;-initial
/// n-grams, which keep raw counts):
///   trigrams: "&lt;s&gt; a b" 1, "a b &lt;/s&gt;" 1, "&lt;s&gt; a &lt;/s&gt;" 1
///   bigrams:  "&lt;s&gt; a" 2 (raw), "a b" 1 {&lt;s&gt;}, "b &lt;/s&gt;" 1 {a}, "a &lt;/s&gt;" 1 {&lt;s&gt;}
///   unigrams: a 1 {&lt;s&gt;}, b 1 {a}, &lt;/s&gt; 2 {a, b}, &lt;unk&gt; 0, &lt;s&gt; 0
///
/// Unigrams (denominator 1 + 1 + 2 = 4):
///   γ() = (0.5·2 + 1·1) / 4 = 0.5
///   p(a) = (1 − 0.5)/4 + 0.5·¼ = 0.25;  p(b) = 0.25;  p(&lt;/s&gt;) = (2 − 1)/4 + 0.125 = 0.375;  p(&lt;unk&gt;) = 0.125
/// Bigrams:
///   context &lt;s&gt;: {a: 2}, denominator 2: γ = 1·1/2 = 0.5; p(a | &lt;s&gt;) = (2 − 1)/2 + 0.5·0.25 = 0.625
///   context a: {b: 1, &lt;/s&gt;: 1}, denominator 2: γ = (0.5 + 0.5)/2 = 0.5;
///     p(b | a) = 0.5/2 + 0.5·0.25 = 0.375;  p(&lt;/s&gt; | a) = 0.25 + 0.5·0.375 = 0.4375
///   context b: {&lt;/s&gt;: 1}: γ = 0.5; p(&lt;/s&gt; | b) = 0.5 + 0.5·0.375 = 0.6875
/// Trigrams:
///   context "&lt;s&gt; a": {b: 1, &lt;/s&gt;: 1}: γ = 0.5;
///     p(b | &lt;s&gt; a) = 0.25 + 0.5·0.375 = 0.4375;  p(&lt;/s&gt; | &lt;s&gt; a) = 0.25 + 0.5·0.4375 = 0.46875
///   context "a b": {&lt;/s&gt;: 1}: γ = 0.5; p(&lt;/s&gt; | a b) = 0.5 + 0.5·0.6875 = 0.84375
/// Back-off weights (γ of each n-gram that is a context): &lt;s&gt; 0.5, a 0.5, b 0.5, "&lt;s&gt; a" 0.5, "a b" 0.5;
/// &lt;/s&gt;, &lt;unk&gt;, "a &lt;/s&gt;", "b &lt;/s&gt;" are no context (log10 weight 0).
/// </summary>
public class KneserNeyHandWorkedTests
{
    const double Tolerance = 1e-6; // the model stores float log10 values

    static BackoffModel Model(out InterpolationWeights weights)
    {
        var counts = NGramCounter.Count(new StringReader("a b\na\n"), 3);
        weights = new KneserNeySmoothing([KneserNeyDiscount.Fallback]).Estimate(counts);
        return NGramEstimator.Interpolate(counts, weights);
    }

    static void AssertLog(double probability, double log10) => Assert.Equal(Math.Log10(probability), log10, Tolerance);

    static float Entry(BackoffModel model, string ngram, bool backoff = false)
    {
        var words = ngram.Split(' ');
        int id = model.Vocabulary.IndexOf(words[0]);
        for (int k = 2; k <= words.Length; k++) id = model.Index(k).Find(id, model.Vocabulary.IndexOf(words[k - 1]));
        Assert.True(id >= 0, $"'{ngram}' is not in the model");
        return backoff ? model.LogBackoffs(words.Length)[id] : model.LogProbs(words.Length)[id];
    }

    [Fact]
    public void AdjustedCountsKeepRawCountsOnlyForBeginSentenceNGrams()
    {
        var counts = NGramCounter.Count(new StringReader("a b\na\n"), 3);
        var v = counts.Vocabulary;
        var unigrams = KneserNeySmoothing.AdjustedCounts(counts, 1);
        Assert.Equal([0L, 0L, 2L, 1L, 1L], unigrams); // <unk> <s> </s> a b
        var bigrams = KneserNeySmoothing.AdjustedCounts(counts, 2);
        int Bigram(string x, string y) => counts.Index(2).Find(v.IndexOf(x), v.IndexOf(y));
        Assert.Equal(2, bigrams[Bigram("<s>", "a")]);
        Assert.Equal(1, bigrams[Bigram("a", "b")]);
        Assert.Equal(1, bigrams[Bigram("a", "</s>")]);
        Assert.Equal(1, bigrams[Bigram("b", "</s>")]);
        Assert.Equal(4, counts.Size(2));
        Assert.Equal(3, counts.Size(3));
    }

    [Fact]
    public void EveryProbabilityAndBackoffMatchesTheHandComputation()
    {
        var model = Model(out var weights);
        Assert.All(weights.Discounts!, d => Assert.Equal(KneserNeyDiscount.Fallback, d));

        AssertLog(0.25, Entry(model, "a"));
        AssertLog(0.25, Entry(model, "b"));
        AssertLog(0.375, Entry(model, "</s>"));
        AssertLog(0.125, Entry(model, "<unk>"));
        Assert.Equal(-99f, Entry(model, "<s>"));

        AssertLog(0.625, Entry(model, "<s> a"));
        AssertLog(0.375, Entry(model, "a b"));
        AssertLog(0.4375, Entry(model, "a </s>"));
        AssertLog(0.6875, Entry(model, "b </s>"));

        AssertLog(0.4375, Entry(model, "<s> a b"));
        AssertLog(0.46875, Entry(model, "<s> a </s>"));
        AssertLog(0.84375, Entry(model, "a b </s>"));

        foreach (var context in new[] { "<s>", "a", "b", "<s> a", "a b" }) AssertLog(0.5, Entry(model, context, backoff: true));
        foreach (var leaf in new[] { "</s>", "<unk>", "a </s>", "b </s>" }) Assert.Equal(0f, Entry(model, leaf, backoff: true));
    }

    [Fact]
    public void QueriesBackOffAsWorkedByHand()
    {
        var model = Model(out _);
        // Seen: 0.625 · 0.4375 · 0.84375.
        AssertLog(0.625 * 0.4375 * 0.84375, model.SentenceLog10Prob("a b"));
        // "b a": p(b | <s>) = γ(<s>) p(b) = 0.125; "<s> b" is no context, so p(a | <s> b) = p(a | b) = γ(b) p(a) = 0.125;
        // p(</s> | b a) = p(</s> | a) = 0.4375.
        AssertLog(0.125 * 0.125 * 0.4375, model.SentenceLog10Prob("b a"));
        // OOV z: p(<unk> | <s>) = γ(<s>) · 0.125 = 0.0625, then p(</s>) = 0.375.
        AssertLog(0.0625 * 0.375, model.SentenceLog10Prob("z"));
        AssertLog(0.4375, model.Log10Prob(["<s>", "a"], "b"));
        // "a a" was never seen, so it is no context (weight 1): p(a | a a) = γ(a) p(a) = 0.5 · 0.25.
        AssertLog(0.125, model.Log10Prob(["a", "a"], "a"));
    }

    [Fact]
    public void PerplexityCountsOovsAsKenLMQueryDoes()
    {
        var model = Model(out _);
        var result = Perplexity.Evaluate(model, new StringReader("a b\nz\n"));
        // Tokens: 2 words + </s>, 1 word + </s> = 5; one OOV (z), whose 0.0625 leaves the excluded figure.
        Assert.Equal(5, result.Tokens);
        Assert.Equal(1, result.Oovs);
        double total = Math.Log10(0.625 * 0.4375 * 0.84375) + Math.Log10(0.0625 * 0.375);
        Assert.Equal(Math.Pow(10, -total / 5), result.Perplexity, 1e-4);
        Assert.Equal(Math.Pow(10, -(total - Math.Log10(0.0625)) / 4), result.PerplexityExcludingOov, 1e-4);
    }

    [Fact]
    public void DiscountsFollowChenAndGoodmanEquation26()
    {
        // n1..n4 = 10, 5, 3, 2: Y = 10 / (10 + 2·5) = 0.5; D1 = 1 − 2·0.5·5/10 = 0.5; D2 = 2 − 3·0.5·3/5 = 1.1;
        // D3+ = 3 − 4·0.5·2/3 = 5/3.
        var d = KneserNeyDiscount.Estimate(2, [0, 10, 5, 3, 2]);
        Assert.Equal(0.5, d.D1, 1e-6);
        Assert.Equal(1.1, d.D2, 1e-6);
        Assert.Equal(5.0 / 3, d.D3Plus, 1e-6);
        Assert.Equal(d.D3Plus, d.For(7));
    }

    [Fact]
    public void UndefinedDiscountsFailClearlyWithoutFallback()
    {
        var counts = NGramCounter.Count(new StringReader("a b\na\n"), 3);
        var e = Assert.Throws<DiscountUndefinedException>(() => new KneserNeySmoothing().Estimate(counts));
        // Unigram adjusted counts are 1, 1, 2: nothing with count 3, so D3+ is undefined.
        Assert.Contains("1-grams", e.Message);
        Assert.Contains("adjusted count 3", e.Message);
    }
}
