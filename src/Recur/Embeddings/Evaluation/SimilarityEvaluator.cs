namespace Recur.Embeddings.Evaluation;

/// <summary>
/// Word-similarity benchmarks: the Spearman correlation of the vectors' cosines with human judgements over the pairs
/// found in the vocabulary (gensim's <c>evaluate_word_pairs</c> with unknown pairs dropped, case ignored); the
/// coverage beside ρ says how many pairs that was.
/// </summary>
public static class SimilarityEvaluator
{
    public static SimilarityResult Evaluate(WordVectors vectors, IReadOnlyList<WordPair> pairs, string name)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(pairs);
        var cosines = new List<double>();
        var human = new List<double>();
        foreach (var pair in pairs)
        {
            int a = vectors.IndexOf(pair.First), b = vectors.IndexOf(pair.Second);
            if (a < 0 || b < 0) continue;
            double cos = vectors.Cosine(a, b);
            if (!double.IsFinite(cos)) continue; // a zero vector has no direction
            cosines.Add(cos);
            human.Add(pair.Score);
        }
        return new SimilarityResult(name, pairs.Count, cosines.Count, SpearmanCorrelation.Compute(cosines, human));
    }
}
