// Segmentation word by word, each distinct word segmented once. When no piece holds ▁ after its first character,
// no merge can join the last symbol of one word to the ▁ that starts the next, and the merges inside a word happen
// in the same order alone as within the sentence (same scores, same left-to-right ties), so the sentence's pieces
// are its words' pieces in a row. Dropout draws random numbers in sentence order and so bypasses this.
using System.Collections.Concurrent;

namespace Recur.Subwords;

public sealed partial class BpeModel
{
    // Beyond this many distinct words the cache stops growing (encoding stays correct, just slower on new words).
    const int MaxCachedWords = 1 << 20;

    readonly ConcurrentDictionary<string, Segment[]> wordCache = new(StringComparer.Ordinal);
    int cachedWords;

    readonly bool wordsAreIndependent;

    static bool NoPieceSpansWords(IEnumerable<string> mergeablePieces) =>
        mergeablePieces.All(piece => piece.IndexOf(TextNormalizer.SpaceSymbol, 1) < 0);

    void SplitByWords(string normalized, List<Segment> output)
    {
        var lookup = wordCache.GetAlternateLookup<ReadOnlySpan<char>>();
        int pos = 0;
        while (pos < normalized.Length)
        {
            int end = normalized.IndexOf(TextNormalizer.SpaceSymbol, pos + 1);
            if (end < 0) end = normalized.Length;
            var word = normalized.AsSpan(pos, end - pos);
            if (!lookup.TryGetValue(word, out var segments))
            {
                string text = word.ToString();
                var raw = new List<Segment>();
                SplitText(text, 0, null, raw);
                segments = [.. raw];
                if (Interlocked.Increment(ref cachedWords) <= MaxCachedWords) wordCache.TryAdd(text, segments);
            }
            foreach (var s in segments) Append(output, s with { Start = s.Start + pos });
            pos = end;
        }
    }
}
