using System.Numerics.Tensors;

namespace Recur.Embeddings.Bias;

/// <summary>
/// The Word-Embedding Association Test's effect size (Caliskan et al. 2017): with s(w, A, B) = mean cos(w, a) −
/// mean cos(w, b), d = (mean_{x∈X} s(x, A, B) − mean_{y∈Y} s(y, A, B)) / std_{w∈X∪Y} s(w, A, B), the standard
/// deviation taken with n − 1 (the sample form). Words without vectors are left out and counted.
/// </summary>
public static class Weat
{
    public static WeatResult EffectSize(WordVectors vectors, WeatTest test)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(test);
        int[] Found(IReadOnlyList<string> words) => words.Select(vectors.IndexOf).Where(i => i >= 0).Distinct().ToArray();
        int[] x = Found(test.X), y = Found(test.Y), a = Found(test.A), b = Found(test.B);
        if (x.Length == 0 || y.Length == 0 || a.Length == 0 || b.Length == 0 || x.Length + y.Length < 2)
            return new WeatResult(test.Name, double.NaN, x.Length, y.Length, a.Length, b.Length);
        double S(int w) => a.Average(i => (double)Cos(vectors, w, i)) - b.Average(i => (double)Cos(vectors, w, i));
        var sx = x.Select(S).ToArray();
        var sy = y.Select(S).ToArray();
        var all = sx.Concat(sy).ToArray();
        double mean = all.Average();
        double std = Math.Sqrt(all.Sum(s => (s - mean) * (s - mean)) / (all.Length - 1));
        return new WeatResult(test.Name, (sx.Average() - sy.Average()) / std, x.Length, y.Length, a.Length, b.Length);
    }

    static float Cos(WordVectors v, int i, int j) => TensorPrimitives.CosineSimilarity(v.Vector(i), v.Vector(j));
}
