// Byte-pair encoding learned from text (Sennrich et al. 2016): start from characters, repeatedly merge the most
// frequent adjacent pair of symbols within words, until the vocabulary reaches its target size. Words are counted
// once with their frequency; each pair keeps its count and the places it occurs, and a max-heap with stale entries
// skipped finds the next pair, so one merge costs time in proportion to the occurrences it touches.
namespace Recur.Subwords;

public static class BpeTrainer
{
    static readonly string[] Specials = ["<unk>", "<s>", "</s>"];

    /// <summary>Trains a model on <paramref name="lines"/> (one sentence each).</summary>
    /// <exception cref="ArgumentException">The vocabulary size cannot be reached on this text.</exception>
    public static BpeModel Train(IEnumerable<string> lines, BpeTrainerOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var normalizer = new TextNormalizer(options.Normalizer);
        var wordCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CountWords(normalizer.Normalize(line), wordCounts);
        }

        var characters = RequiredCharacters(wordCounts, options.CharacterCoverage);
        int fixedPieces = Specials.Length + (options.ByteFallback ? 256 : 0) + characters.Count;
        if (options.VocabSize < fixedPieces)
            throw new ArgumentException($"The vocabulary size {options.VocabSize} is smaller than the {fixedPieces} pieces it must hold " +
                                        $"({Specials.Length} special{(options.ByteFallback ? ", 256 bytes" : "")} and {characters.Count} characters); " +
                                        "raise it or lower the character coverage.", nameof(options));
        var merges = new PairMerger(wordCounts, characters, options.MaxPieceLength);
        int target = options.VocabSize - fixedPieces;
        var merged = new List<string>(target);
        while (merged.Count < target)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? piece = merges.MergeBest(out bool isNew);
            if (piece is null)
                throw new ArgumentException($"The text supports at most {fixedPieces + merged.Count} pieces, fewer than the vocabulary size {options.VocabSize}.", nameof(options));
            if (isNew) merged.Add(piece);
            progress?.Report((double)merged.Count / target);
        }

        // Earlier merges score higher, so encoding applies them first; characters follow the merged pieces.
        var pieces = new List<SubwordPiece>(options.VocabSize)
        {
            new(Specials[0], 0, PieceType.Unknown), new(Specials[1], 0, PieceType.Control), new(Specials[2], 0, PieceType.Control),
        };
        if (options.ByteFallback)
            for (int b = 0; b < 256; b++) pieces.Add(new SubwordPiece(BpeModel.BytePiece((byte)b), 0, PieceType.Byte));
        int rank = 0;
        foreach (string piece in merged) pieces.Add(new SubwordPiece(piece, -rank++));
        foreach (string c in characters) pieces.Add(new SubwordPiece(c, -rank++));
        return new BpeModel(pieces, options.Normalizer, options.ByteFallback);
    }

    // A word runs from one ▁ to the next (sentencepiece's whitespace splitting), so no piece spans two words.
    static void CountWords(string normalized, Dictionary<string, long> counts)
    {
        var span = normalized.AsSpan();
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        while (!span.IsEmpty)
        {
            int end = span[1..].IndexOf(TextNormalizer.SpaceSymbol);
            var word = end < 0 ? span : span[..(end + 1)];
            lookup[word] = lookup.TryGetValue(word, out long c) ? c + 1 : 1;
            span = span[word.Length..];
        }
    }

    // The most frequent characters covering the given fraction of all characters (ties by code point), as spm_train keeps them.
    static List<string> RequiredCharacters(Dictionary<string, long> wordCounts, double coverage)
    {
        var counts = new Dictionary<int, long>();
        long total = 0;
        foreach (var (word, count) in wordCounts)
            foreach (var rune in word.EnumerateRunes())
            {
                counts[rune.Value] = counts.GetValueOrDefault(rune.Value) + count;
                total += count;
            }
        var kept = new List<string>();
        long accumulated = 0;
        foreach (var (codePoint, count) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key))
        {
            if ((double)accumulated / total >= coverage) break;
            accumulated += count;
            kept.Add(char.ConvertFromUtf32(codePoint));
        }
        return kept;
    }
}
