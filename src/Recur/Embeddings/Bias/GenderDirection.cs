using System.Numerics.Tensors;
using Recur.Embeddings.Projection;

namespace Recur.Embeddings.Bias;

/// <summary>
/// A bias direction from definitional pairs (Bolukbasi et al. 2016, §5): each pair's unit vectors minus their mean,
/// all pairs together, and the first principal component of those differences, oriented so that the pairs' first
/// (female) words project positively. <see cref="VarianceShare"/> is that component's share of the variance, which
/// Bolukbasi et al. show to be far above the rest when one direction carries the distinction (their Fig. 6).
/// </summary>
public sealed class GenderDirection
{
    GenderDirection(float[] direction, double share, int pairs)
    {
        Direction = direction;
        VarianceShare = share;
        PairsUsed = pairs;
    }

    /// <summary>g, a unit vector.</summary>
    public float[] Direction { get; }

    public double VarianceShare { get; }

    public int PairsUsed { get; }

    /// <param name="unitVectors">Vectors normalised to unit length (<see cref="WordVectors.Normalized"/>).</param>
    public static GenderDirection Compute(WordVectors unitVectors, IReadOnlyList<(string Female, string Male)> pairs)
    {
        ArgumentNullException.ThrowIfNull(unitVectors);
        ArgumentNullException.ThrowIfNull(pairs);
        int d = unitVectors.Dimension;
        var rows = new List<float>();
        var orientation = new float[d];
        int used = 0;
        foreach (var (female, male) in pairs)
        {
            int f = unitVectors.IndexOf(female), m = unitVectors.IndexOf(male);
            if (f < 0 || m < 0) continue;
            var half = new float[d];
            TensorPrimitives.Subtract(unitVectors.Vector(f), unitVectors.Vector(m), half);
            TensorPrimitives.Multiply(half, 0.5f, half);   // f − mean = (f − m)/2, m − mean = −(f − m)/2
            rows.AddRange(half);
            rows.AddRange(half.Select(x => -x));
            TensorPrimitives.Add(orientation, half, orientation);
            used++;
        }
        if (used == 0) throw new ArgumentException("none of the definitional pairs has vectors for both words");
        var (components, shares) = PrincipalComponents.Compute(rows.ToArray(), d, 1, center: false);
        var g = components[0];
        if (TensorPrimitives.Dot(g, orientation) < 0) TensorPrimitives.Negate(g, g);
        WordVectors.NormalizeInPlace(g);
        return new GenderDirection(g, shares[0], used);
    }

    /// <summary>cos(w, g) of a word, or null when it has no vector.</summary>
    public float? Projection(WordVectors vectors, string word)
    {
        int i = vectors.IndexOf(word);
        return i < 0 ? null : TensorPrimitives.CosineSimilarity(vectors.Vector(i), Direction);
    }

    /// <summary>DirectBias_c = mean over the neutral words found of |cos(w, g)|^c (Bolukbasi et al. 2016, §5.2).</summary>
    public double DirectBias(WordVectors vectors, IEnumerable<string> neutralWords, double c = 1)
    {
        var values = neutralWords.Select(w => Projection(vectors, w)).Where(p => p.HasValue).Select(p => Math.Pow(Math.Abs(p!.Value), c)).ToArray();
        return values.Length == 0 ? double.NaN : values.Average();
    }
}
