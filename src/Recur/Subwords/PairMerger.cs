// The state of BPE training: every distinct word as a linked run of symbol ids (its frequency on each position),
// each adjacent pair's weighted count and the positions where it starts, and a max-heap of (count, pair) entries
// that are skipped when they no longer match the pair's count.
namespace Recur.Subwords;

internal sealed class PairMerger
{
    const int Unknown = -1, Removed = -2;

    readonly List<string> symbolText = [];
    readonly List<int> symbolLength = [];   // in characters (code points)
    readonly Dictionary<string, int> symbolOf = new(StringComparer.Ordinal);
    readonly int maxLength;

    // Positions of all distinct words laid end to end; next/prev are −1 at a word's edges.
    readonly int[] symbol, next, prev;
    readonly long[] weight;

    readonly Dictionary<long, long> count = [];
    readonly Dictionary<long, List<int>> where = [];
    readonly PriorityQueue<long, (long NegCount, long Pair)> heap = new();
    readonly HashSet<long> tooLong = [];

    public PairMerger(Dictionary<string, long> words, List<string> characters, int maxLength)
    {
        this.maxLength = maxLength;
        foreach (string c in characters) AddSymbol(c, 1);
        int total = 0;
        foreach (string word in words.Keys) foreach (var _ in word.EnumerateRunes()) total++;
        (symbol, next, prev, weight) = (new int[total], new int[total], new int[total], new long[total]);
        int pos = 0;
        foreach (var (word, frequency) in words)
        {
            int first = pos;
            foreach (var rune in word.EnumerateRunes())
            {
                symbol[pos] = symbolOf.TryGetValue(rune.ToString(), out int id) ? id : Unknown;
                weight[pos] = frequency;
                prev[pos] = pos == first ? -1 : pos - 1;
                next[pos] = pos + 1;
                if (pos > first) Add(Pair(symbol[pos - 1], symbol[pos]), frequency, pos - 1);
                pos++;
            }
            next[pos - 1] = -1;
        }
    }

    /// <summary>
    /// Merges the most frequent pair everywhere it occurs and returns the merged piece (null when no pair is left);
    /// <paramref name="isNew"/> is false when another pair had already produced the same string.
    /// </summary>
    public string? MergeBest(out bool isNew)
    {
        isNew = false;
        while (heap.TryDequeue(out long pair, out var priority))
        {
            if (!count.TryGetValue(pair, out long c) || c != -priority.NegCount || c <= 0 || tooLong.Contains(pair)) continue;
            var (a, b) = ((int)(pair >> 32), (int)pair);
            if (symbolLength[a] + symbolLength[b] > maxLength) { tooLong.Add(pair); continue; }
            string text = symbolText[a] + symbolText[b];
            if (!symbolOf.TryGetValue(text, out int merged))
            {
                merged = AddSymbol(text, symbolLength[a] + symbolLength[b]);
                isNew = true;
            }
            var positions = where[pair];
            count.Remove(pair);
            where.Remove(pair);
            // Left to right, so that in "a a a" the first two merge.
            positions.Sort();
            int last = -1;
            foreach (int p in positions)
            {
                if (p == last) continue;
                last = p;
                int q = next[p];
                if (symbol[p] != a || q < 0 || symbol[q] != b) continue;
                long w = weight[p];
                int left = prev[p], right = next[q];
                if (left >= 0) { Subtract(Pair(symbol[left], a), w); Add(Pair(symbol[left], merged), w, left); }
                if (right >= 0) { Subtract(Pair(b, symbol[right]), w); Add(Pair(merged, symbol[right]), w, p); }
                symbol[p] = merged;
                symbol[q] = Removed;
                next[p] = right;
                if (right >= 0) prev[right] = p;
            }
            return text;
        }
        return null;
    }

    int AddSymbol(string text, int length)
    {
        symbolOf[text] = symbolText.Count;
        symbolText.Add(text);
        symbolLength.Add(length);
        return symbolText.Count - 1;
    }

    static long Pair(int a, int b) => a < 0 || b < 0 ? -1 : ((long)a << 32) | (uint)b;

    void Add(long pair, long w, int position)
    {
        if (pair < 0) return;
        long c = count.GetValueOrDefault(pair) + w;
        count[pair] = c;
        if (!where.TryGetValue(pair, out var list)) where[pair] = list = [];
        list.Add(position);
        heap.Enqueue(pair, (-c, pair));
    }

    void Subtract(long pair, long w)
    {
        if (pair < 0 || !count.TryGetValue(pair, out long c)) return;
        count[pair] = c - w;
        if (c - w > 0) heap.Enqueue(pair, (-(c - w), pair));
    }
}
