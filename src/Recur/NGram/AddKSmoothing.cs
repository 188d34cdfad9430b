namespace Recur.NGram;

/// <summary>
/// Additive smoothing with the order below as prior: α(c w) = C(c w) / (C(c) + k V), γ(c) = k V / (C(c) + k V),
/// V the vocabulary size without <c>&lt;s&gt;</c>. At unigrams the prior is uniform, which is exactly add-k
/// ((C(w) + k) / (N + k V)); at higher orders the k V added pseudo-counts are spread by the lower-order model
/// instead of evenly, which keeps the model an ARPA back-off model. Provided for comparison with Kneser-Ney.
/// </summary>
public sealed class AddKSmoothing : INGramSmoothing
{
    public AddKSmoothing(double k = 1.0)
    {
        if (!(k > 0)) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive");
        K = k;
    }

    public double K { get; }

    public string Name => $"add-{K}";

    public InterpolationWeights Estimate(NGramCounts counts)
    {
        double pseudo = K * (counts.Vocabulary.Count - 1);
        var alpha = new double[counts.Order][];
        var gamma = new double[counts.Order][];
        for (int n = 1; n <= counts.Order; n++)
        {
            var raw = counts.Counts(n);
            var contextOf = counts.Contexts(n);
            int contexts = n == 1 ? 1 : counts.Size(n - 1);
            var total = new double[contexts];
            for (int i = 0; i < raw.Length; i++) total[contextOf[i]] += raw[i];
            var a = alpha[n - 1] = new double[raw.Length];
            for (int i = 0; i < raw.Length; i++) a[i] = raw[i] / (total[contextOf[i]] + pseudo);
            var g = gamma[n - 1] = new double[contexts];
            for (int c = 0; c < contexts; c++) g[c] = pseudo / (total[c] + pseudo);
        }
        return new InterpolationWeights(alpha, gamma);
    }
}
