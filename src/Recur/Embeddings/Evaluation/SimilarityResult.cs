namespace Recur.Embeddings.Evaluation;

/// <summary>Spearman ρ between cosines and human scores over the <see cref="Found"/> pairs whose words both have vectors.</summary>
public sealed record SimilarityResult(string Name, int Pairs, int Found, double Spearman)
{
    public double Coverage => Pairs == 0 ? 0 : (double)Found / Pairs;
}
