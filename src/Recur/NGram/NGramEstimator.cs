namespace Recur.NGram;

/// <summary>Turns counts and an interpolated smoothing method into an ARPA back-off model.</summary>
public static class NGramEstimator
{
    /// <summary>log10 probability written for <c>&lt;s&gt;</c>, which is never predicted (ARPA convention).</summary>
    public const float NeverPredicted = -99f;

    /// <summary>Counts the text and estimates a model in one call.</summary>
    public static BackoffModel Estimate(NGramCounts counts, INGramSmoothing smoothing) =>
        Interpolate(counts, smoothing.Estimate(counts));

    /// <summary>
    /// Resolves the recursion p(w | c) = α(c w) + γ(c) p(w | c′) order by order, bottom up, and writes each n-gram's
    /// log10 p with back-off weight log10 γ(n-gram) where the n-gram is the context of a longer one. For a word w
    /// never seen after c the back-off query gives γ(c) p(w | c′), which is the interpolated value, so the ARPA model
    /// reproduces the interpolated one exactly (Chen &amp; Goodman 1998, §2.8).
    /// </summary>
    public static BackoffModel Interpolate(NGramCounts counts, InterpolationWeights weights)
    {
        int order = counts.Order;
        var logProb = new float[order][];
        var logBackoff = new float[order][];
        // The uniform base distribution covers every word that can be predicted: the vocabulary minus <s>.
        double uniform = 1.0 / (counts.Vocabulary.Count - 1);
        double[] below = [];
        for (int n = 1; n <= order; n++)
        {
            var alpha = weights.Alpha[n - 1];
            var gamma = weights.Gamma[n - 1];
            var contextOf = counts.Contexts(n);
            var suffixOf = n == 1 ? default : counts.Suffixes(n);
            var p = new double[alpha.Length];
            var lp = logProb[n - 1] = new float[alpha.Length];
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = alpha[i] + gamma[contextOf[i]] * (n == 1 ? uniform : below[suffixOf[i]]);
                lp[i] = (float)Math.Min(0, Math.Log10(p[i]));
            }
            if (n == 1) lp[Vocabulary.BeginSentence] = NeverPredicted;
            below = p;
        }
        for (int n = 1; n < order; n++)
        {
            var bow = logBackoff[n - 1] = new float[counts.Size(n)];
            var gamma = weights.Gamma[n];
            var isContext = new bool[bow.Length];
            foreach (int c in counts.Contexts(n + 1)) isContext[c] = true;
            for (int i = 0; i < bow.Length; i++)
                if (isContext[i]) bow[i] = (float)Math.Log10(gamma[i]);
        }
        logBackoff[order - 1] = new float[counts.Size(order)];
        var indexes = new NGramIndex?[order];
        for (int n = 2; n <= order; n++) indexes[n - 1] = counts.Index(n);
        return new BackoffModel(counts.Vocabulary, indexes, logProb, logBackoff);
    }
}
