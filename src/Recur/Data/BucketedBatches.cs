namespace Recur.Data;

/// <summary>
/// Length-bucketed batching for variable-length examples (sentence pairs, utterances): each epoch the examples are
/// shuffled (<see cref="EpochShuffle"/>), cut into pools of <c>poolBatches</c> batches, each pool sorted by length and
/// cut into batches of at most <c>batchSize</c> examples and at most <c>maxTokens</c> padded tokens, and the batches'
/// order shuffled again — so padding is small while batches stay random. Everything is a function of (seed, epoch),
/// so an epoch's batches can be rebuilt after a resume and the position within it is a single index.
/// </summary>
public sealed class BucketedBatches
{
    readonly int[] lengths;
    readonly int batchSize, poolBatches;
    readonly int? maxTokens;
    readonly EpochShuffle examples;
    readonly ulong seed;

    public BucketedBatches(IReadOnlyList<int> lengths, int batchSize, ulong seed, int poolBatches = 50, int? maxTokens = null)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(poolBatches, 1);
        if (maxTokens is int m) ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        this.lengths = lengths.ToArray();
        if (this.lengths.Any(l => l < 1)) throw new ArgumentException("Every example needs a length of at least 1.", nameof(lengths));
        (this.batchSize, this.poolBatches, this.maxTokens, this.seed) = (batchSize, poolBatches, maxTokens, seed);
        examples = new EpochShuffle(this.lengths.Length, seed);
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>, each a list of example indices sorted by descending length (as packed sequences want).</summary>
    public IReadOnlyList<int[]> Epoch(int epoch)
    {
        var order = examples.Order(epoch).ToArray();
        var batches = new List<int[]>();
        int pool = batchSize * poolBatches;
        for (int start = 0; start < order.Length; start += pool)
        {
            var sorted = order.AsSpan(start, Math.Min(pool, order.Length - start)).ToArray()
                .OrderByDescending(i => lengths[i]).ThenBy(i => i).ToArray();
            var current = new List<int>();
            foreach (int i in sorted)
            {
                // Sorted by descending length, the first example of a batch is its longest: padded tokens = count × that length.
                int longest = current.Count == 0 ? lengths[i] : lengths[current[0]];
                if (current.Count == batchSize || (maxTokens is int m && current.Count > 0 && (current.Count + 1) * longest > m))
                {
                    batches.Add([.. current]);
                    current.Clear();
                }
                current.Add(i);
            }
            if (current.Count > 0) batches.Add([.. current]);
        }
        var shuffle = new EpochShuffle(batches.Count, seed ^ 0xB5AD4ECEDA1CE2A9UL).Order(epoch);
        var result = new int[batches.Count][];
        for (int i = 0; i < result.Length; i++) result[i] = batches[shuffle[i]];
        return result;
    }
}
