namespace Recur.LanguageModels;

/// <summary>
/// Linear interpolation of two language models scored on the same tokens: p = λ·p_a + (1 − λ)·p_b per token
/// (Jelinek &amp; Mercer 1980; the neural + Kneser-Ney mixture of Mikolov et al. 2011). The mixture's mean
/// negative log-likelihood is convex in λ, so a golden-section search finds the weight that minimises it on
/// held-out data; the weight is then fixed and applied to test data.
/// </summary>
public static class LinearInterpolation
{
    /// <summary>Perplexity of the mixture with weight <paramref name="lambda"/> on model a, from natural-log token probabilities.</summary>
    public static double Perplexity(ReadOnlySpan<double> lnA, ReadOnlySpan<double> lnB, double lambda) =>
        Math.Exp(MeanNegativeLogLikelihood(lnA, lnB, lambda));

    static double MeanNegativeLogLikelihood(ReadOnlySpan<double> lnA, ReadOnlySpan<double> lnB, double lambda)
    {
        if (lnA.Length != lnB.Length || lnA.Length == 0) throw new ArgumentException($"{lnA.Length} and {lnB.Length} token scores: the models must score the same, non-empty tokens.");
        if (lambda is < 0 or > 1 || double.IsNaN(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The weight must lie in [0, 1].");
        double total = 0, la = Math.Log(lambda), lb = Math.Log(1 - lambda);
        for (int i = 0; i < lnA.Length; i++)
        {
            // log(λ·e^a + (1−λ)·e^b) without underflow: factor out the larger term.
            double x = la + lnA[i], y = lb + lnB[i], m = Math.Max(x, y);
            total -= double.IsNegativeInfinity(m) ? m : m + Math.Log(Math.Exp(x - m) + Math.Exp(y - m));
        }
        return total / lnA.Length;
    }

    /// <summary>The weight in [0, 1] that minimises the mixture's perplexity on these tokens (to within 1e-6), and that perplexity.</summary>
    public static (double Lambda, double Perplexity) Tune(ReadOnlySpan<double> lnA, ReadOnlySpan<double> lnB)
    {
        double lo = 0, hi = 1, g = (Math.Sqrt(5) - 1) / 2;
        double c = hi - g * (hi - lo), d = lo + g * (hi - lo);
        double fc = MeanNegativeLogLikelihood(lnA, lnB, c), fd = MeanNegativeLogLikelihood(lnA, lnB, d);
        while (hi - lo > 1e-6)
        {
            if (fc < fd) { hi = d; d = c; fd = fc; c = hi - g * (hi - lo); fc = MeanNegativeLogLikelihood(lnA, lnB, c); }
            else { lo = c; c = d; fc = fd; d = lo + g * (hi - lo); fd = MeanNegativeLogLikelihood(lnA, lnB, d); }
        }
        double best = (lo + hi) / 2;
        // The optimum may sit on an end of the interval (one model adds nothing).
        foreach (double edge in new[] { 0.0, 1.0 })
            if (MeanNegativeLogLikelihood(lnA, lnB, edge) < MeanNegativeLogLikelihood(lnA, lnB, best)) best = edge;
        return (best, Perplexity(lnA, lnB, best));
    }
}
