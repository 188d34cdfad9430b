namespace Recur.Embeddings.Word2Vec;

/// <summary>
/// The noise distribution of negative sampling (Mikolov et al. 2013, §2.2): a table in which word w fills a share of
/// the slots proportional to count(w)^0.75, so that a uniform slot is a draw from the smoothed unigram distribution.
/// </summary>
public sealed class NegativeSamplingTable
{
    public const double Power = 0.75;

    readonly int[] slots;

    public NegativeSamplingTable(IReadOnlyList<long> counts, int size = 10_000_000)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (counts.Count == 0) throw new ArgumentException("no words to sample", nameof(counts));
        double total = 0;
        foreach (long c in counts) total += Math.Pow(c, Power);
        slots = new int[size];
        // Word w ends at slot round(size · cumulative share through w), so every word's share is within one slot of exact.
        int next = 0;
        double cumulative = 0;
        for (int w = 0; w < counts.Count; w++)
        {
            cumulative += Math.Pow(counts[w], Power);
            int end = w == counts.Count - 1 ? size : (int)Math.Min(size, Math.Round(cumulative / total * size));
            for (; next < end; next++) slots[next] = w;
        }
    }

    public int Size => slots.Length;

    public int this[int slot] => slots[slot];

    /// <summary>The word in the slot picked by 32 uniform random bits (multiply-shift, no modulo).</summary>
    public int Sample(ulong random) => slots[(int)(((random >> 32) * (ulong)slots.Length) >> 32)];
}
