// BPE segmentation as sentencepiece performs it: split the normalised text into characters (user-defined pieces
// whole), then repeatedly merge the adjacent pair whose concatenation is the highest-scoring piece (leftmost
// first on ties), using a priority queue with stale entries skipped, so a sentence of n characters costs
// O(n log n). BPE-dropout (Provilkov et al. 2020) skips each merge with probability p. Pieces outside the
// vocabulary become the unknown piece, or their UTF-8 bytes with byte fallback.
using System.Text;

namespace Recur.Subwords;

public sealed partial class BpeModel
{
    /// <summary>A run of the normalised text and the piece it became (<see cref="UnknownId"/> when none).</summary>
    readonly record struct Segment(int Start, int Length, int Id);

    /// <summary>
    /// The pieces of <paramref name="text"/>, as <c>spm_encode --output_format=piece</c> prints them. With
    /// <paramref name="dropout"/> &gt; 0 each merge is skipped with that probability (BPE-dropout, for training
    /// only), drawing from <paramref name="generator"/>.
    /// </summary>
    public string[] Encode(string text, double dropout = 0, Generator? generator = null)
    {
        string normalized = Normalize(text);
        var segments = Split(normalized, dropout, generator);
        var output = new List<string>(segments.Count);
        foreach (var s in segments)
        {
            if (s.Id != UnknownId || !ByteFallback) output.Add(normalized.Substring(s.Start, s.Length));
            else foreach (byte b in Encoding.UTF8.GetBytes(normalized.Substring(s.Start, s.Length))) output.Add(BytePiece(b));
        }
        return [.. output];
    }

    /// <summary>The ids of <paramref name="text"/>'s pieces (see <see cref="Encode"/>).</summary>
    public int[] EncodeIds(string text, double dropout = 0, Generator? generator = null)
    {
        string normalized = Normalize(text);
        return ToIds(normalized, Split(normalized, dropout, generator));
    }

    /// <summary>The ids of a sentence segmented as a whole, never word by word from the cache (for tests comparing the two).</summary>
    internal int[] EncodeIdsWithoutWordCache(string text)
    {
        string normalized = Normalize(text);
        return ToIds(normalized, Split(normalized, 0, null, useWordCache: false));
    }

    int[] ToIds(string normalized, List<Segment> segments)
    {
        var output = new List<int>(segments.Count);
        foreach (var s in segments)
        {
            if (s.Id != UnknownId || !ByteFallback) output.Add(s.Id);
            else foreach (byte b in Encoding.UTF8.GetBytes(normalized.Substring(s.Start, s.Length))) output.Add(byteIds[b]);
        }
        return [.. output];
    }

    List<Segment> Split(string normalized, double dropout, Generator? generator, bool useWordCache = true)
    {
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1).");
        if (dropout > 0) ArgumentNullException.ThrowIfNull(generator, nameof(generator));
        var result = new List<Segment>();
        if (normalized.Length == 0) return result;
        if (dropout == 0 && wordsAreIndependent && useWordCache) SplitByWords(normalized, result);
        else
        {
            var raw = new List<Segment>();
            SplitText(normalized, dropout, generator, raw);
            foreach (var segment in raw) Append(result, segment);
        }
        return result;
    }

    // Adds a segment; without byte fallback a run of unknown segments becomes one, as spm_encode prints it.
    void Append(List<Segment> output, Segment segment)
    {
        if (segment.Id == UnknownId && !ByteFallback && output.Count > 0 && output[^1].Id == UnknownId
            && output[^1].Start + output[^1].Length == segment.Start)
            output[^1] = output[^1] with { Length = output[^1].Length + segment.Length };
        else output.Add(segment);
    }

    // The merges of one text, its segments appended to output in order.
    void SplitText(string normalized, double dropout, Generator? generator, List<Segment> result)
    {
        // Symbols as (start, length) runs of the text, linked both ways; an emptied symbol has length 0 and a
        // user-defined one is frozen (negative length until the end), so that it never merges.
        int capacity = normalized.Length;
        var pool = System.Buffers.ArrayPool<int>.Shared;
        int[] start = pool.Rent(capacity), length = pool.Rent(capacity), prev = pool.Rent(capacity), next = pool.Rent(capacity);
        var agenda = new MergeAgenda(2 * capacity);
        try
        {
            int count = 0;
            for (int pos = 0; pos < normalized.Length; count++)
            {
                int len = userDefined.Length > 0 ? UserDefinedAt(normalized, pos) : 0;
                bool frozen = len > 0;
                if (len == 0) len = char.IsHighSurrogate(normalized[pos]) && pos + 1 < normalized.Length && char.IsLowSurrogate(normalized[pos + 1]) ? 2 : 1;
                (start[count], length[count], prev[count], next[count]) = (pos, frozen ? -len : len, count - 1, count + 1);
                pos += len;
            }
            next[count - 1] = -1;

            Dictionary<string, (int, int, int, int)>? unusedSplits = null;
            for (int i = 1; i < count; i++) Consider(normalized, i - 1, i, start, length, ref agenda, ref unusedSplits);
            while (agenda.TryPop(out var top))
            {
                int left = top.Left, right = top.Right;
                // Stale: one side was merged away or grew since the entry was made.
                if (length[left] <= 0 || length[right] <= 0 || length[left] + length[right] != top.Size) continue;
                if (dropout > 0 && generator!.NextDouble() < dropout) continue;
                length[left] += length[right];
                length[right] = 0;
                next[left] = next[right];
                if (next[right] >= 0) prev[next[right]] = left;
                if (prev[left] >= 0) Consider(normalized, prev[left], left, start, length, ref agenda, ref unusedSplits);
                if (next[left] >= 0) Consider(normalized, left, next[left], start, length, ref agenda, ref unusedSplits);
            }
            for (int i = 0; i >= 0; i = next[i]) Emit(normalized, start[i], Math.Abs(length[i]), unusedSplits, result);
        }
        finally
        {
            agenda.Dispose();
            pool.Return(start); pool.Return(length); pool.Return(prev); pool.Return(next);
        }
    }

    // Queues the merge of two adjacent symbols when their concatenation is a piece.
    void Consider(string text, int left, int right, int[] start, int[] length, ref MergeAgenda agenda, ref Dictionary<string, (int, int, int, int)>? unusedSplits)
    {
        if (length[left] <= 0 || length[right] <= 0) return;
        var joined = text.AsSpan(start[left], length[left] + length[right]);
        if (!mergeableLookup.TryGetValue(joined, out int id)) return;
        agenda.Push(new MergeAgenda.Entry(MergeAgenda.KeyOf(pieces[id].Score, left), right, joined.Length));
        if (pieces[id].Type == PieceType.Unused)
            (unusedSplits ??= [])[joined.ToString()] = (start[left], length[left], start[right], length[right]);
    }

    // Longest user-defined piece starting at pos, or 0.
    int UserDefinedAt(string text, int pos)
    {
        foreach (string u in userDefined)
            if (pos + u.Length <= text.Length && text.AsSpan(pos, u.Length).SequenceEqual(u)) return u.Length;
        return 0;
    }

    // An unused piece is split back into the two it was merged from.
    void Emit(string text, int start, int length, Dictionary<string, (int, int, int, int)>? unusedSplits, List<Segment> output)
    {
        var span = text.AsSpan(start, length);
        int id = mergeableLookup.TryGetValue(span, out int m) ? m : UnknownId;
        if (id != UnknownId && pieces[id].Type == PieceType.Unused && unusedSplits is not null
            && unusedSplits.TryGetValue(span.ToString(), out var halves))
        {
            Emit(text, halves.Item1, halves.Item2, unusedSplits, output);
            Emit(text, halves.Item3, halves.Item4, unusedSplits, output);
            return;
        }
        output.Add(new Segment(start, length, id));
    }
}
