namespace Recur.NGram;

/// <summary>
/// Interpolated modified Kneser-Ney (Chen &amp; Goodman 1998, eq. 17 with three discounts per order), with the
/// conventions of KenLM's <c>lmplz</c> so that a corpus gives the same probabilities:
/// <list type="bullet">
/// <item>the highest order uses raw counts; a lower-order n-gram uses its adjusted count, the number of distinct
/// words seen before it (<c>&lt;s&gt;</c> included), except n-grams that begin with <c>&lt;s&gt;</c>, which keep
/// their raw count because nothing can precede them;</item>
/// <item>D1, D2, D3+ per order from the counts of those (adjusted) counts;</item>
/// <item>unigrams interpolate with the uniform distribution over the vocabulary without <c>&lt;s&gt;</c>, so
/// <c>&lt;unk&gt;</c> (count 0) receives only interpolated mass.</item>
/// </list>
/// </summary>
public sealed class KneserNeySmoothing(IReadOnlyList<KneserNeyDiscount>? fallback = null) : INGramSmoothing
{
    public string Name => "modified Kneser-Ney";

    /// <summary>
    /// Discounts used for an order whose counts of counts leave them undefined (tiny corpora); null to fail with
    /// <see cref="DiscountUndefinedException"/> instead. One entry serves all orders.
    /// </summary>
    public IReadOnlyList<KneserNeyDiscount>? Fallback { get; } = fallback;

    public InterpolationWeights Estimate(NGramCounts counts)
    {
        int order = counts.Order;
        var alpha = new double[order][];
        var gamma = new double[order][];
        var discounts = new KneserNeyDiscount[order];
        for (int n = 1; n <= order; n++)
        {
            long[] adjusted = AdjustedCounts(counts, n);
            discounts[n - 1] = Discount(n, adjusted);
            int contexts = n == 1 ? 1 : counts.Size(n - 1);
            (alpha[n - 1], gamma[n - 1]) = Weights(counts.Contexts(n), adjusted, contexts, discounts[n - 1]);
        }
        return new InterpolationWeights(alpha, gamma, discounts);
    }

    /// <summary>The counts Kneser-Ney discounts at order <paramref name="n"/> (Chen &amp; Goodman §4.1.5).</summary>
    public static long[] AdjustedCounts(NGramCounts counts, int n)
    {
        var raw = counts.Counts(n);
        if (n == counts.Order) return raw.ToArray();
        // N1+(• w): each (n+1)-gram v w contributes one distinct left extension to its suffix w.
        var adjusted = new long[counts.Size(n)];
        foreach (int suffix in counts.Suffixes(n + 1)) adjusted[suffix]++;
        var bos = counts.StartsWithBeginSentence(n);
        for (int i = 0; i < adjusted.Length; i++)
            if (bos[i]) adjusted[i] = raw[i];
        return adjusted;
    }

    KneserNeyDiscount Discount(int n, long[] adjusted)
    {
        Span<long> countsOfCounts = stackalloc long[5];
        foreach (long a in adjusted)
            if (a < 5) countsOfCounts[(int)a]++;
        try
        {
            return KneserNeyDiscount.Estimate(n, countsOfCounts);
        }
        catch (DiscountUndefinedException) when (Fallback is { Count: > 0 })
        {
            return Fallback[Math.Min(n, Fallback.Count) - 1];
        }
    }

    static (double[] Alpha, double[] Gamma) Weights(ReadOnlySpan<int> contextOf, long[] adjusted, int contexts, KneserNeyDiscount d)
    {
        // Per context c: the denominator Σ_w a(c w) and the discounted mass D1 N1(c•) + D2 N2(c•) + D3+ N3+(c•).
        var total = new double[contexts];
        var freed = new double[contexts];
        for (int i = 0; i < adjusted.Length; i++)
        {
            total[contextOf[i]] += adjusted[i];
            freed[contextOf[i]] += d.For(adjusted[i]);
        }
        var alpha = new double[adjusted.Length];
        for (int i = 0; i < alpha.Length; i++)
        {
            double denominator = total[contextOf[i]];
            alpha[i] = denominator > 0 ? (adjusted[i] - d.For(adjusted[i])) / denominator : 0;
        }
        var gamma = new double[contexts];
        for (int c = 0; c < contexts; c++) gamma[c] = total[c] > 0 ? freed[c] / total[c] : 1;
        return (alpha, gamma);
    }
}
