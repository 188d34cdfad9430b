namespace Recur.Embeddings.Word2Vec;

/// <summary>
/// The binary Huffman tree of hierarchical softmax (Morin &amp; Bengio 2005; Mikolov et al. 2013, §2.1): frequent
/// words get short paths. Leaves are words 0..V-1, inner nodes V..2V-2 with the root last. For each word,
/// <see cref="Path"/> lists the inner nodes from the root down, as rows 0..V-2 of the output matrix, and
/// <see cref="Code"/> the branch taken at each (1 = the right, the more frequent, child).
/// </summary>
public sealed class HuffmanTree
{
    readonly int[][] paths;
    readonly byte[][] codes;

    /// <param name="counts">Word counts, most frequent first (as every vocabulary here is sorted).</param>
    public HuffmanTree(IReadOnlyList<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int v = counts.Count;
        if (v < 2) throw new ArgumentException("hierarchical softmax needs at least two words", nameof(counts));
        for (int i = 1; i < v; i++)
            if (counts[i] > counts[i - 1]) throw new ArgumentException("counts must be sorted most frequent first", nameof(counts));
        var count = new long[2 * v - 1];
        var parent = new int[2 * v - 1];
        var branch = new byte[2 * v - 1];
        for (int i = 0; i < v; i++) count[i] = counts[i];
        // Leaves sorted by decreasing count are consumed from the end; inner nodes are created in increasing count
        // order, so the two smallest remaining nodes are always at one of the two cursors (word2vec's linear build).
        int leaf = v - 1, inner = v;
        for (int node = v; node < 2 * v - 1; node++)
        {
            int first = Smallest(ref leaf, ref inner, node, count);
            int second = Smallest(ref leaf, ref inner, node, count);
            count[node] = count[first] + count[second];
            parent[first] = parent[second] = node;
            branch[second] = 1;
        }
        paths = new int[v][];
        codes = new byte[v][];
        int root = 2 * v - 2;
        var path = new List<int>();
        var code = new List<byte>();
        for (int w = 0; w < v; w++)
        {
            path.Clear(); code.Clear();
            for (int n = w; n != root; n = parent[n])
            {
                path.Add(parent[n] - v);
                code.Add(branch[n]);
            }
            path.Reverse(); code.Reverse();
            paths[w] = path.ToArray();
            codes[w] = code.ToArray();
        }
    }

    static int Smallest(ref int leaf, ref int inner, int created, long[] count)
    {
        if (leaf >= 0 && (inner >= created || count[leaf] < count[inner])) return leaf--;
        return inner++;
    }

    public int WordCount => paths.Length;

    /// <summary>Inner nodes (output rows 0..V-2) from the root to word <paramref name="word"/>'s leaf.</summary>
    public ReadOnlySpan<int> Path(int word) => paths[word];

    /// <summary>The branch taken below each node of <see cref="Path"/>: 0 the first-merged (rarer) child, 1 the other.</summary>
    public ReadOnlySpan<byte> Code(int word) => codes[word];
}
