namespace Recur.NGram;

/// <summary>
/// Raw counts of every n-gram of orders 1..N in a corpus whose sentences are wrapped in <c>&lt;s&gt;</c> …
/// <c>&lt;/s&gt;</c>, stored as a prefix trie. Unigram ids are word ids; the unigram <c>&lt;s&gt;</c> and
/// <c>&lt;unk&gt;</c> are present with count 0 (a sentence never predicts <c>&lt;s&gt;</c>; unseen words carry no
/// count), as in KenLM's <c>lmplz</c>.
/// </summary>
public sealed class NGramCounts
{
    readonly NGramIndex?[] indexes;
    readonly long[][] counts;
    readonly int[]?[] suffixes;

    internal NGramCounts(Vocabulary vocabulary, NGramIndex?[] indexes, long[][] counts)
    {
        Vocabulary = vocabulary;
        this.indexes = indexes;
        this.counts = counts;
        Order = counts.Length;
        suffixes = new int[Order][];
        for (int n = 2; n <= Order; n++) suffixes[n - 1] = ComputeSuffixes(n);
    }

    public Vocabulary Vocabulary { get; }

    /// <summary>The highest order N.</summary>
    public int Order { get; }

    /// <summary>Number of distinct n-grams of order <paramref name="n"/> (1-based).</summary>
    public int Size(int n) => n == 1 ? Vocabulary.Count : indexes[n - 1]!.Count;

    /// <summary>The trie level of order <paramref name="n"/> ≥ 2.</summary>
    public NGramIndex Index(int n) => indexes[n - 1] ?? throw new ArgumentOutOfRangeException(nameof(n), "unigrams are indexed by word id");

    /// <summary>Raw occurrence count of each n-gram of order <paramref name="n"/>, by id.</summary>
    public ReadOnlySpan<long> Counts(int n) => counts[n - 1].AsSpan(0, Size(n));

    /// <summary>
    /// For each n-gram of order <paramref name="n"/> ≥ 2, the id of its last n−1 words at order n−1 (the n-gram it
    /// backs off to). Every suffix of a counted n-gram was itself counted, so the id always exists.
    /// </summary>
    public ReadOnlySpan<int> Suffixes(int n) => suffixes[n - 1] ?? throw new ArgumentOutOfRangeException(nameof(n));

    /// <summary>For each id of order <paramref name="n"/>, the id of its context (first n−1 words); 0 for unigrams.</summary>
    public ReadOnlySpan<int> Contexts(int n) => n == 1 ? new int[Vocabulary.Count] : Index(n).Prefixes;

    /// <summary>For each id of order <paramref name="n"/>, its last word.</summary>
    public ReadOnlySpan<int> LastWords(int n)
    {
        if (n > 1) return Index(n).Words;
        var ids = new int[Vocabulary.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = i;
        return ids;
    }

    /// <summary>For each n-gram of order <paramref name="n"/>, whether its first word is <c>&lt;s&gt;</c>.</summary>
    public bool[] StartsWithBeginSentence(int n)
    {
        var result = new bool[Size(n)];
        if (n == 1) { result[Vocabulary.BeginSentence] = true; return result; }
        var below = StartsWithBeginSentence(n - 1);
        var prefixes = Index(n).Prefixes;
        for (int i = 0; i < result.Length; i++) result[i] = below[prefixes[i]];
        return result;
    }

    int[] ComputeSuffixes(int n)
    {
        var index = Index(n);
        var prefixes = index.Prefixes;
        var words = index.Words;
        var result = new int[index.Count];
        if (n == 2)
        {
            words.CopyTo(result);
            return result;
        }
        // suffix(c w) = (suffix(c), w): one lookup at the order below, whose suffixes are already known.
        var prefixSuffix = suffixes[n - 2]!;
        var below = Index(n - 1);
        for (int i = 0; i < result.Length; i++)
        {
            int id = below.Find(prefixSuffix[prefixes[i]], words[i]);
            if (id < 0) throw new InvalidOperationException($"internal error: the suffix of a {n}-gram was not counted");
            result[i] = id;
        }
        return result;
    }
}
