namespace Recur.Data;

/// <summary>
/// Token ↔ id map for neural sequence tasks, with the specials first: <c>&lt;pad&gt;</c> = 0, <c>&lt;unk&gt;</c> = 1,
/// <c>&lt;s&gt;</c> = 2, <c>&lt;/s&gt;</c> = 3, then the tokens by descending count and, for equal counts, by ordinal
/// order (so the same text always gives the same ids). Tokens outside the vocabulary map to <c>&lt;unk&gt;</c>. The
/// token list is all a checkpoint needs to rebuild it (<see cref="Tokens"/>).
/// </summary>
public sealed class TokenVocabulary
{
    public const string Pad = "<pad>", Unknown = "<unk>", Begin = "<s>", End = "</s>";
    public const int PadId = 0, UnknownId = 1, BeginId = 2, EndId = 3;
    static readonly string[] Specials = [Pad, Unknown, Begin, End];

    readonly string[] tokens;
    readonly Dictionary<string, int> ids;

    /// <summary>A vocabulary of exactly <paramref name="tokens"/>, which must start with the four specials in order.</summary>
    public TokenVocabulary(IEnumerable<string> tokens)
    {
        this.tokens = tokens.ToArray();
        if (this.tokens.Length < Specials.Length || !this.tokens.AsSpan(0, Specials.Length).SequenceEqual(Specials))
            throw new ArgumentException($"A vocabulary starts with {string.Join(" ", Specials)}.", nameof(tokens));
        ids = new Dictionary<string, int>(this.tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < this.tokens.Length; i++)
            if (!ids.TryAdd(this.tokens[i], i)) throw new ArgumentException($"The token '{this.tokens[i]}' appears twice.", nameof(tokens));
    }

    /// <summary>
    /// The tokens of <paramref name="sequences"/> seen at least <paramref name="minCount"/> times, the most frequent
    /// <paramref name="maxSize"/> of them at most (specials included).
    /// </summary>
    public static TokenVocabulary Build(IEnumerable<IEnumerable<string>> sequences, int minCount = 1, int? maxSize = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        if (maxSize is int m) ArgumentOutOfRangeException.ThrowIfLessThan(m, Specials.Length);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var sequence in sequences)
            foreach (var token in sequence)
                counts[token] = counts.GetValueOrDefault(token) + 1;
        var kept = counts.Where(c => c.Value >= minCount && Array.IndexOf(Specials, c.Key) < 0)
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key);
        if (maxSize is int max) kept = kept.Take(max - Specials.Length);
        return new TokenVocabulary(Specials.Concat(kept));
    }

    public int Count => tokens.Length;

    /// <summary>Every token in id order, specials first.</summary>
    public IReadOnlyList<string> Tokens => tokens;

    public string this[int id] => tokens[id];

    public int IdOf(string token) => ids.TryGetValue(token, out int id) ? id : UnknownId;

    public bool Contains(string token) => ids.ContainsKey(token);

    /// <summary>Ids of <paramref name="sequence"/>; <paramref name="unknown"/> counts the tokens mapped to <c>&lt;unk&gt;</c> (a literal <c>&lt;unk&gt;</c> is not counted).</summary>
    public int[] Encode(IReadOnlyList<string> sequence, ref long unknown)
    {
        var result = new int[sequence.Count];
        for (int i = 0; i < result.Length; i++)
        {
            if (!ids.TryGetValue(sequence[i], out result[i])) { result[i] = UnknownId; unknown++; }
        }
        return result;
    }
}
