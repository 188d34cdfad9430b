namespace Recur.Embeddings.Bias;

/// <summary>A WEAT test: target sets X and Y and attribute sets A and B (Caliskan et al. 2017).</summary>
public sealed record WeatTest(string Name, IReadOnlyList<string> X, IReadOnlyList<string> Y, IReadOnlyList<string> A, IReadOnlyList<string> B);
