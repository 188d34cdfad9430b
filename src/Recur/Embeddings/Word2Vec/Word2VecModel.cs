using System.Numerics.Tensors;
using Recur.Embeddings.FastText;

namespace Recur.Embeddings.Word2Vec;

/// <summary>
/// A trained word2vec or fastText model: the input matrix (V word rows, then the n-gram buckets when subwords are
/// on) and the output matrix (V rows for negative sampling, V−1 inner-node rows for hierarchical softmax). A word's
/// vector is the mean of its input rows — its own and its n-grams' — which is what fastText writes to its .vec
/// file; a word outside the vocabulary gets the mean of its n-gram rows (Bojanowski et al. 2017, §3.2), or zeros
/// when it has none.
/// </summary>
public sealed class Word2VecModel
{
    internal Word2VecModel(IReadOnlyList<string> words, IReadOnlyList<long> counts, Word2VecOptions options, float[] input, float[] output, int[][] subwords)
    {
        Words = words;
        Counts = counts;
        Options = options;
        Input = input;
        Output = output;
        Subwords = subwords;
    }

    public IReadOnlyList<string> Words { get; }
    public IReadOnlyList<long> Counts { get; }
    public Word2VecOptions Options { get; }
    public int Dimension => Options.Dimension;

    /// <summary>(V + buckets)×D input vectors, row-major.</summary>
    public float[] Input { get; }

    /// <summary>The output (context) vectors, row-major.</summary>
    public float[] Output { get; }

    /// <summary>For each vocabulary word, its input rows: itself, then V + bucket for each of its n-grams.</summary>
    internal int[][] Subwords { get; }

    /// <summary>The vector of any word; out-of-vocabulary words are built from their n-grams.</summary>
    public float[] WordVector(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var vector = new float[Dimension];
        int id = IndexOf(word);
        if (id >= 0)
        {
            Average(Subwords[id], vector);
            return vector;
        }
        if (!Options.UsesSubwords) return vector;
        var rows = new List<int>();
        CharNGrams.AddBuckets(word, Options.MinN, Options.MaxN, Options.Buckets, rows);
        for (int i = 0; i < rows.Count; i++) rows[i] += Words.Count;
        if (rows.Count > 0) Average(rows.ToArray(), vector);
        return vector;
    }

    /// <summary>The vocabulary's vectors in frequency order, ready to save or evaluate.</summary>
    public WordVectors ToWordVectors()
    {
        var data = new float[Words.Count * Dimension];
        for (int w = 0; w < Words.Count; w++) Average(Subwords[w], data.AsSpan(w * Dimension, Dimension));
        return new WordVectors(Words, Dimension, data);
    }

    int IndexOf(string word)
    {
        lookup ??= Enumerable.Range(0, Words.Count).ToDictionary(i => Words[i], StringComparer.Ordinal);
        return lookup.TryGetValue(word, out int id) ? id : -1;
    }

    Dictionary<string, int>? lookup;

    void Average(int[] rows, Span<float> destination)
    {
        destination.Clear();
        foreach (int r in rows) TensorPrimitives.Add(destination, Input.AsSpan(r * Dimension, Dimension), destination);
        TensorPrimitives.Multiply(destination, 1f / rows.Length, destination);
    }
}
