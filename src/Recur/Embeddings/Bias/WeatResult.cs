namespace Recur.Embeddings.Bias;

/// <summary>
/// A WEAT effect size and its one-sided permutation p-value over the words that have vectors, with how many of each
/// set were found.
/// </summary>
public sealed record WeatResult(string Name, double EffectSize, double PValue, int FoundX, int FoundY, int FoundA, int FoundB);
