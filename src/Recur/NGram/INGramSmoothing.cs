namespace Recur.NGram;

/// <summary>
/// An interpolated smoothing method: p(w | c) = α(c w) + γ(c) · p(w | c′), where c′ drops the first word of c and
/// below unigrams lies the uniform distribution over the vocabulary (<c>&lt;s&gt;</c> excluded). Any model of this
/// form is exactly an ARPA back-off model whose back-off weight for c is γ(c), which is how
/// <see cref="NGramEstimator"/> turns the weights into a <see cref="BackoffModel"/>.
/// </summary>
public interface INGramSmoothing
{
    string Name { get; }

    InterpolationWeights Estimate(NGramCounts counts);
}

/// <summary>
/// Per order n (index n−1): <see cref="Alpha"/>[id], the probability an n-gram owes to its own count; and
/// <see cref="Gamma"/>[c], the mass each context passes to the order below (for unigrams, one entry for the empty
/// context, passing mass to the uniform distribution). <see cref="Discounts"/> is set by Kneser-Ney.
/// </summary>
public sealed record InterpolationWeights(double[][] Alpha, double[][] Gamma, IReadOnlyList<KneserNeyDiscount>? Discounts = null);
