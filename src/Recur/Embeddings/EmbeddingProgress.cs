namespace Recur.Embeddings;

/// <summary>
/// Where an embedding trainer stands: work done out of the total (corpus words for word2vec and fastText, that is
/// every occurrence of a vocabulary word, counted before subsampling, as fastText counts them; co-occurrence entries
/// for GloVe), the throughput per thread, the estimated time left, the current learning rate and the running loss.
/// </summary>
public readonly record struct EmbeddingProgress(
    long Done,
    long Total,
    double PerSecondPerThread,
    TimeSpan Elapsed,
    TimeSpan Remaining,
    double LearningRate,
    double Loss,
    bool Finished)
{
    public double Fraction => Total == 0 ? 1 : Math.Min(1, (double)Done / Total);
}
