using System.Numerics.Tensors;

namespace Recur.Embeddings.Evaluation;

/// <summary>
/// Nearest words by cosine, for a word or for vector arithmetic such as "king - man + woman": the query is the
/// signed sum of the terms' unit vectors and the terms themselves are left out of the answer (gensim's
/// <c>most_similar(positive, negative)</c>; Mikolov et al. 2013c).
/// </summary>
public static class NearestNeighbors
{
    /// <summary>The <paramref name="k"/> rows of <paramref name="unitVectors"/> closest to <paramref name="query"/>, best first, skipping <paramref name="exclude"/>.</summary>
    public static IReadOnlyList<(string Word, float Cosine)> Find(WordVectors unitVectors, ReadOnlySpan<float> query, int k, IReadOnlySet<int>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(unitVectors);
        var q = query.ToArray();
        WordVectors.NormalizeInPlace(q);
        var sims = new float[unitVectors.Count];
        for (int i = 0; i < sims.Length; i++) sims[i] = TensorPrimitives.Dot(unitVectors.Vector(i), q);
        return Enumerable.Range(0, sims.Length).Where(i => exclude == null || !exclude.Contains(i))
            .OrderByDescending(i => sims[i]).ThenBy(i => i).Take(k).Select(i => (unitVectors.Words[i], sims[i])).ToArray();
    }

    /// <summary>
    /// Evaluates "w1 [+|-] w2 [+|-] w3 …" (a term without a sign is added) against unit vectors. A word outside the
    /// vocabulary takes its vector from <paramref name="outOfVocabulary"/> (a fastText model's n-grams) when given;
    /// otherwise, as for a malformed expression, an <see cref="ArgumentException"/> names it.
    /// </summary>
    public static IReadOnlyList<(string Word, float Cosine)> Query(WordVectors unitVectors, string expression, int k, Func<string, float[]>? outOfVocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(unitVectors);
        var terms = Parse(expression);
        var sum = new float[unitVectors.Dimension];
        var used = new HashSet<int>();
        foreach (var (word, sign) in terms)
        {
            int id = unitVectors.IndexOf(word);
            if (id < 0 && outOfVocabulary == null) throw new ArgumentException($"'{word}' is not in the vocabulary");
            float[] v = id >= 0 ? unitVectors.Vector(id).ToArray() : outOfVocabulary!(word);
            WordVectors.NormalizeInPlace(v);
            if (id >= 0) used.Add(id);
            TensorPrimitives.MultiplyAdd(v, sign, sum, sum);
        }
        return Find(unitVectors, sum, k, used);
    }

    /// <summary>The signed terms of an expression like "king - man + woman".</summary>
    public static IReadOnlyList<(string Word, float Sign)> Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var spaced = expression.Replace("+", " + ").Replace(" -", " - ").Replace("- ", " - ");
        var tokens = spaced.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var terms = new List<(string, float)>();
        float sign = 1;
        bool pendingSign = false;
        foreach (string token in tokens)
        {
            if (token is "+" or "-")
            {
                if (pendingSign) throw new ArgumentException($"'{expression}': two signs in a row");
                sign = token == "-" ? -1 : 1;
                pendingSign = true;
                continue;
            }
            terms.Add((token, sign));
            sign = 1;
            pendingSign = false;
        }
        if (pendingSign || terms.Count == 0) throw new ArgumentException($"'{expression}': expected words joined by + and -, like 'king - man + woman'");
        return terms;
    }
}
