using System.Numerics.Tensors;

namespace Recur.Embeddings.Bias;

/// <summary>
/// Hard debiasing (Bolukbasi et al. 2016, §6): neutralise — remove the bias-direction component of every word not
/// in the gender-specific set and renormalise; equalise — move each equalise pair to be symmetric about the
/// neutral subspace: with μ the pair's mean and ν = μ − (μ·g)g, each word becomes ν + √(1 − |ν|²)·(w_B − μ_B)/|w_B − μ_B|,
/// where x_B = (x·g)g, so that both words are then equally similar to every neutralised word.
/// </summary>
public static class HardDebias
{
    /// <param name="unitVectors">Unit-length vectors; the result is a new unit-length table.</param>
    public static WordVectors Apply(WordVectors unitVectors, ReadOnlySpan<float> direction, IReadOnlySet<string> genderSpecific,
        IReadOnlyList<(string Female, string Male)> equalizePairs)
    {
        ArgumentNullException.ThrowIfNull(unitVectors);
        ArgumentNullException.ThrowIfNull(genderSpecific);
        ArgumentNullException.ThrowIfNull(equalizePairs);
        int d = unitVectors.Dimension;
        var g = direction.ToArray();
        WordVectors.NormalizeInPlace(g);
        var data = unitVectors.Data.ToArray();
        for (int i = 0; i < unitVectors.Count; i++)
        {
            if (genderSpecific.Contains(unitVectors.Words[i]) || genderSpecific.Contains(unitVectors.Words[i].ToLowerInvariant())) continue;
            var w = data.AsSpan(i * d, d);
            TensorPrimitives.MultiplyAdd(g, -TensorPrimitives.Dot(w, g), w, w);
            WordVectors.NormalizeInPlace(w);
        }
        var mu = new float[d];
        var nu = new float[d];
        var bias = new float[d];
        foreach (var (female, male) in equalizePairs)
        {
            int f = unitVectors.IndexOf(female), m = unitVectors.IndexOf(male);
            if (f < 0 || m < 0 || f == m) continue;
            var wf = data.AsSpan(f * d, d);
            var wm = data.AsSpan(m * d, d);
            TensorPrimitives.Add(wf, wm, mu);
            TensorPrimitives.Multiply(mu, 0.5f, mu);
            float muG = TensorPrimitives.Dot(mu, g);
            TensorPrimitives.MultiplyAdd(g, -muG, mu, nu);
            float scale = MathF.Sqrt(MathF.Max(0, 1 - TensorPrimitives.Dot(nu, nu)));
            foreach (var w in new[] { f, m })
            {
                var row = data.AsSpan(w * d, d);
                // w_B − μ_B = ((w − μ)·g) g, whose unit vector is ±g.
                float side = TensorPrimitives.Dot(row, g) - muG;
                TensorPrimitives.Multiply(g, side >= 0 ? scale : -scale, bias);
                TensorPrimitives.Add(nu, bias, row);
            }
        }
        return unitVectors.WithData(data);
    }
}
