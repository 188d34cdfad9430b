using Recur.Embeddings.Corpus;

namespace Recur.Embeddings.GloVe;

/// <summary>
/// GloVe's co-occurrence counts X_ij (Pennington et al. 2014, §3): for every pair of words at distance d ≤ window
/// within a sentence, 1/d is added to X[w, c] and to X[c, w] (the symmetric window of GloVe's cooccur tool). Held
/// as sorted coordinate triples (row, column, value). Counting goes through fixed-size buffers of packed keys that
/// are sorted and summed when full, so memory grows with the distinct pairs, not with the corpus.
/// </summary>
public sealed class CooccurrenceMatrix
{
    const int BufferSize = 1 << 22;

    CooccurrenceMatrix(int words, int[] rows, int[] columns, float[] values)
    {
        WordCount = words;
        Rows = rows;
        Columns = columns;
        Values = values;
    }

    public int WordCount { get; }
    public int[] Rows { get; }
    public int[] Columns { get; }
    public float[] Values { get; }
    public int Count => Values.Length;

    /// <summary>X[row, column], or 0 when the pair never co-occurs (binary search; for tests and inspection).</summary>
    public float this[int row, int column]
    {
        get
        {
            long key = (long)row * WordCount + column;
            int lo = 0, hi = Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                long k = (long)Rows[mid] * WordCount + Columns[mid];
                if (k == key) return Values[mid];
                if (k < key) lo = mid + 1; else hi = mid - 1;
            }
            return 0;
        }
    }

    public static CooccurrenceMatrix FromCorpus(EmbeddingCorpus corpus, int window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        long v = corpus.Words.Count;
        var keys = new long[BufferSize];
        var values = new float[BufferSize];
        int filled = 0;
        var merged = new List<(long[] Keys, float[] Values)>();
        for (int s = 0; s < corpus.SentenceCount; s++)
        {
            if ((s & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var sentence = corpus.Sentence(s);
            for (int i = 0; i < sentence.Length; i++)
                for (int d = 1; d <= window && i - d >= 0; d++)
                {
                    if (filled + 2 > BufferSize) { merged.Add(SortAndSum(keys, values, filled)); filled = 0; }
                    float weight = 1f / d;
                    keys[filled] = sentence[i] * v + sentence[i - d]; values[filled++] = weight;
                    keys[filled] = sentence[i - d] * v + sentence[i]; values[filled++] = weight;
                }
        }
        merged.Add(SortAndSum(keys, values, filled));
        var allKeys = merged.SelectMany(m => m.Keys).ToArray();
        var allValues = merged.SelectMany(m => m.Values).ToArray();
        var (finalKeys, finalValues) = SortAndSum(allKeys, allValues, allKeys.Length);
        var rows = new int[finalKeys.Length];
        var columns = new int[finalKeys.Length];
        for (int i = 0; i < finalKeys.Length; i++) { rows[i] = (int)(finalKeys[i] / v); columns[i] = (int)(finalKeys[i] % v); }
        return new CooccurrenceMatrix(corpus.Words.Count, rows, columns, finalValues);
    }

    static (long[] Keys, float[] Values) SortAndSum(long[] keys, float[] values, int count)
    {
        Array.Sort(keys, values, 0, count);
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            if (n > 0 && keys[n - 1] == keys[i]) values[n - 1] += values[i];
            else { keys[n] = keys[i]; values[n] = values[i]; n++; }
        }
        return (keys[..n], values[..n]);
    }
}
