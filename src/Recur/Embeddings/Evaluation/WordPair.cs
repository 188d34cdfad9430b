namespace Recur.Embeddings.Evaluation;

/// <summary>Two words and a human similarity score.</summary>
public readonly record struct WordPair(string First, string Second, double Score);
