using System.Numerics.Tensors;

namespace Recur.Embeddings.Bias;

/// <summary>
/// The Word-Embedding Association Test's effect size (Caliskan et al. 2017): with s(w, A, B) = mean cos(w, a) −
/// mean cos(w, b), d = (mean_{x∈X} s(x, A, B) − mean_{y∈Y} s(y, A, B)) / std_{w∈X∪Y} s(w, A, B), the standard
/// deviation taken with n − 1 (the sample form). The p-value is the share of equal-size re-partitions (X_i, Y_i)
/// of X ∪ Y whose statistic Σ_{X_i} s − Σ_{Y_i} s exceeds the observed one: exact over every partition when there
/// are at most a million (8 + 8 words: 12,870), else estimated from 100,000 seeded random ones. Words without
/// vectors are left out and counted.
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
            return new WeatResult(test.Name, double.NaN, double.NaN, x.Length, y.Length, a.Length, b.Length);
        double S(int w) => a.Average(i => (double)Cos(vectors, w, i)) - b.Average(i => (double)Cos(vectors, w, i));
        var sx = x.Select(S).ToArray();
        var sy = y.Select(S).ToArray();
        var all = sx.Concat(sy).ToArray();
        double mean = all.Average();
        double std = Math.Sqrt(all.Sum(s => (s - mean) * (s - mean)) / (all.Length - 1));
        return new WeatResult(test.Name, (sx.Average() - sy.Average()) / std, PermutationPValue(all, sx.Length), x.Length, y.Length, a.Length, b.Length);
    }

    const long ExactLimit = 1_000_000;
    const int Samples = 100_000;

    /// <summary>Pr[Σ over a random size-<paramref name="k"/> subset of <paramref name="s"/> &gt; Σ of its first k], the statistic being 2·Σ subset − Σ all.</summary>
    public static double PermutationPValue(IReadOnlyList<double> s, int k, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, s.Count);
        double observed = s.Take(k).Sum();
        // A tolerance so that a partition equal to the observed one up to rounding is not counted as exceeding it.
        double tolerance = 1e-12 * (1 + s.Sum(Math.Abs));
        long exceeding = 0, total = 0;
        if (Binomial(s.Count, k) <= ExactLimit)
        {
            void Visit(int start, int left, double sum)
            {
                if (left == 0)
                {
                    total++;
                    if (sum > observed + tolerance) exceeding++;
                    return;
                }
                for (int i = start; i <= s.Count - left; i++) Visit(i + 1, left - 1, sum + s[i]);
            }
            Visit(0, k, 0);
        }
        else
        {
            var random = new Generator(seed);
            var order = Enumerable.Range(0, s.Count).ToArray();
            for (; total < Samples; total++)
            {
                double sum = 0;
                for (int i = 0; i < k; i++)
                {
                    int j = i + random.NextInt(order.Length - i);
                    (order[i], order[j]) = (order[j], order[i]);
                    sum += s[order[i]];
                }
                if (sum > observed + tolerance) exceeding++;
            }
        }
        return (double)exceeding / total;
    }

    static double Binomial(int n, int k)
    {
        double c = 1;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }

    static float Cos(WordVectors v, int i, int j) => TensorPrimitives.CosineSimilarity(v.Vector(i), v.Vector(j));
}
