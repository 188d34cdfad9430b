namespace Recur.Metrics;

/// <summary>
/// How BLEU treats an n-gram order with no match (Chen &amp; Cherry 2014, "A Systematic Comparison of Smoothing
/// Techniques for Sentence-Level BLEU").
/// </summary>
public enum BleuSmoothing
{
    /// <summary>NIST's method 3: the k-th order without a match gets precision 1 / (2^k · total). sacreBLEU's default.</summary>
    Exp,
    /// <summary>Method 1: an order without a match gets precision ε / total (ε = 0.1 by default).</summary>
    Floor,
    /// <summary>Method 2: k (1 by default) is added to the matches and totals of every order above unigrams.</summary>
    AddK,
    /// <summary>No smoothing: one order without a match makes the score 0.</summary>
    None,
}
