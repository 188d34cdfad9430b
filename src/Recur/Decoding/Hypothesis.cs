namespace Recur.Decoding;

/// <summary>
/// One output of a decoder. <see cref="Tokens"/> holds the generated tokens without the end token;
/// <see cref="Length"/> is |Y|, the count used by length normalisation, which includes the end token when
/// <see cref="Ended"/>. <see cref="LogProbability"/> is Σ ln p(yⱼ | y&lt;ⱼ, X) under the model that was searched
/// (the fused score under shallow fusion); <see cref="Score"/> is what the search ranked by: the log-probability
/// divided by the length normalisation plus the coverage term (equal to the log-probability for sampling).
/// <see cref="Attention"/>, when the model has attention, is |Y| rows of <see cref="SourceLength"/> weights.
/// </summary>
public sealed record Hypothesis(int[] Tokens, double LogProbability, double Score, int Length, bool Ended, int Group = 0,
    float[]? Attention = null, int SourceLength = 0);
