namespace Recur.Embeddings.Word2Vec;

/// <summary>
/// Settings of a word2vec or fastText run. Defaults are fastText's (<c>fasttext skipgram</c>): 100 dimensions, window
/// 5, 5 negatives, 5 epochs, learning rate 0.05 decaying linearly to 0, subsampling threshold 1e-4. Plain word2vec
/// has <see cref="MaxN"/> = 0; fastText's subword model has MinN 3, MaxN 6 and 2,000,000 buckets.
/// </summary>
public sealed record Word2VecOptions
{
    public Word2VecArchitecture Architecture { get; init; } = Word2VecArchitecture.SkipGram;
    public Word2VecLoss Loss { get; init; } = Word2VecLoss.NegativeSampling;
    public int Dimension { get; init; } = 100;

    /// <summary>The largest window radius; each position draws its radius uniformly from 1..Window (word2vec's dynamic window).</summary>
    public int Window { get; init; } = 5;

    public int Negative { get; init; } = 5;
    public int Epochs { get; init; } = 5;
    public double LearningRate { get; init; } = 0.05;

    /// <summary>t of the subsampling rule: a word of frequency f is kept with probability √(t/f) + t/f.</summary>
    public double Sample { get; init; } = 1e-4;

    /// <summary>Shortest character n-gram (fastText); ignored when <see cref="MaxN"/> is 0.</summary>
    public int MinN { get; init; } = 3;

    /// <summary>Longest character n-gram; 0 trains plain word2vec vectors with no subwords.</summary>
    public int MaxN { get; init; }

    public int Buckets { get; init; } = 2_000_000;
    public int Threads { get; init; } = 2;
    public ulong Seed { get; init; } = 1;
    public int NegativeTableSize { get; init; } = 10_000_000;

    public bool UsesSubwords => MaxN > 0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Check(Dimension >= 1, nameof(Dimension), "must be at least 1");
        Check(Window >= 1, nameof(Window), "must be at least 1");
        Check(Loss != Word2VecLoss.NegativeSampling || Negative >= 1, nameof(Negative), "must be at least 1");
        Check(Epochs >= 1, nameof(Epochs), "must be at least 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), "must be positive");
        Check(Sample >= 0 && double.IsFinite(Sample), nameof(Sample), "must be 0 (off) or positive");
        Check(MaxN >= 0, nameof(MaxN), "must be 0 (no subwords) or positive");
        Check(MaxN == 0 || (MinN >= 1 && MinN <= MaxN), nameof(MinN), "must be between 1 and MaxN");
        Check(MaxN == 0 || Buckets >= 1, nameof(Buckets), "must be at least 1");
        Check(Threads >= 1, nameof(Threads), "must be at least 1");
        Check(NegativeTableSize >= 1, nameof(NegativeTableSize), "must be at least 1");
    }

    static void Check(bool ok, string name, string rule)
    {
        if (!ok) throw new ArgumentException($"{name} {rule}", name);
    }
}
