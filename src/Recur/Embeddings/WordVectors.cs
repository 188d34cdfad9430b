using System.Numerics.Tensors;

namespace Recur.Embeddings;

/// <summary>
/// A table of word vectors: the words in file order (by frequency for every trainer and for word2vec and fastText
/// files, which is what "the most frequent N words" relies on) and a V×D row-major matrix. Lookups are exact first,
/// then case-insensitive (the first word in order with that lower-case form), as gensim's evaluators do.
/// </summary>
public sealed class WordVectors
{
    readonly float[] data;
    readonly Dictionary<string, int> exact = new(StringComparer.Ordinal);
    Dictionary<string, int>? lowerCase;

    /// <param name="words">V words; a repeated word keeps its first row for lookups.</param>
    /// <param name="data">V×D values, row-major; kept, not copied.</param>
    public WordVectors(IReadOnlyList<string> words, int dimension, float[] data)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (data.Length != (long)words.Count * dimension)
            throw new ArgumentException($"{words.Count} words of dimension {dimension} need {(long)words.Count * dimension} values, got {data.Length}.", nameof(data));
        Words = words;
        Dimension = dimension;
        this.data = data;
        for (int i = 0; i < words.Count; i++) exact.TryAdd(words[i], i);
    }

    public IReadOnlyList<string> Words { get; }

    public int Count => Words.Count;

    /// <summary>D, the length of every vector.</summary>
    public int Dimension { get; }

    /// <summary>The V×D matrix, row-major.</summary>
    public ReadOnlySpan<float> Data => data;

    public ReadOnlySpan<float> Vector(int index) => data.AsSpan(index * Dimension, Dimension);

    /// <summary>The row of <paramref name="word"/>, exact match first and then ignoring case; -1 if absent.</summary>
    public int IndexOf(string word)
    {
        if (exact.TryGetValue(word, out int i)) return i;
        lowerCase ??= BuildLowerCase();
        return lowerCase.TryGetValue(word.ToLowerInvariant(), out i) ? i : -1;
    }

    Dictionary<string, int> BuildLowerCase()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Words.Count; i++) map.TryAdd(Words[i].ToLowerInvariant(), i);
        return map;
    }

    /// <summary>A copy with every row scaled to unit length (zero rows stay zero), for cosine similarities as dot products.</summary>
    public WordVectors Normalized()
    {
        var unit = (float[])data.Clone();
        for (int i = 0; i < Count; i++) NormalizeInPlace(unit.AsSpan(i * Dimension, Dimension));
        return new WordVectors(Words, Dimension, unit);
    }

    /// <summary>The first <paramref name="count"/> words (the most frequent, in frequency-ordered files).</summary>
    public WordVectors Take(int count)
    {
        count = Math.Clamp(count, 0, Count);
        if (count == Count) return this;
        return new WordVectors(Words.Take(count).ToArray(), Dimension, data.AsSpan(0, count * Dimension).ToArray());
    }

    /// <summary>A copy whose rows are replaced by <paramref name="rows"/> (same words and order).</summary>
    public WordVectors WithData(float[] rows) => new(Words, Dimension, rows);

    public float Cosine(int a, int b) => TensorPrimitives.CosineSimilarity(Vector(a), Vector(b));

    internal static void NormalizeInPlace(Span<float> v)
    {
        float norm = TensorPrimitives.Norm(v);
        if (norm > 0) TensorPrimitives.Divide(v, norm, v);
    }
}
