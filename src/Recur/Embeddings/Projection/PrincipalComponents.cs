using System.Numerics.Tensors;

namespace Recur.Embeddings.Projection;

/// <summary>
/// The leading principal components of a set of row vectors: the top eigenvectors of the covariance of the
/// centred rows, by power iteration with deflation (each found component is projected out before the next is
/// sought), and each component's share of the total variance. Signs are fixed so that the largest-magnitude entry
/// of each component is positive, which makes results reproducible. Meant for small sets (tens to a few thousand
/// words): the D×D covariance is formed explicitly.
/// </summary>
public static class PrincipalComponents
{
    const int Iterations = 500;

    /// <param name="rows">n×d values, row-major.</param>
    /// <param name="center">Subtract the mean row first (false when the rows are already differences about a mean).</param>
    public static (float[][] Components, double[] VarianceShare) Compute(ReadOnlySpan<float> rows, int d, int k, bool center = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        int n = rows.Length / d;
        if (n * d != rows.Length) throw new ArgumentException($"{rows.Length} values are not rows of {d}", nameof(rows));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var mean = new double[d];
        if (center)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) mean[j] += rows[i * d + j] / (double)n;
        var cov = new double[d, d];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++)
            {
                double xa = rows[i * d + a] - mean[a];
                for (int b = a; b < d; b++) cov[a, b] += xa * (rows[i * d + b] - mean[b]);
            }
        double trace = 0;
        for (int a = 0; a < d; a++)
        {
            trace += cov[a, a];
            for (int b = 0; b < a; b++) cov[a, b] = cov[b, a];
        }
        var components = new float[Math.Min(k, d)][];
        var shares = new double[components.Length];
        for (int c = 0; c < components.Length; c++)
        {
            // Start from a fixed vector not orthogonal to most inputs; the same input gives the same output.
            var v = Enumerable.Range(0, d).Select(j => 1.0 + j * 1e-3).ToArray();
            double lambda = 0;
            for (int it = 0; it < Iterations; it++)
            {
                var next = new double[d];
                for (int a = 0; a < d; a++)
                {
                    double s = 0;
                    for (int b = 0; b < d; b++) s += cov[a, b] * v[b];
                    next[a] = s;
                }
                double norm = Math.Sqrt(next.Sum(x => x * x));
                if (norm == 0) break;
                lambda = norm;
                for (int a = 0; a < d; a++) v[a] = next[a] / norm;
            }
            int largest = 0;
            for (int a = 1; a < d; a++) if (Math.Abs(v[a]) > Math.Abs(v[largest])) largest = a;
            if (v[largest] < 0) for (int a = 0; a < d; a++) v[a] = -v[a];
            components[c] = v.Select(x => (float)x).ToArray();
            shares[c] = trace == 0 ? 0 : lambda / trace;
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) cov[a, b] -= lambda * v[a] * v[b];
        }
        return (components, shares);
    }

    /// <summary>Each row's coordinates along the components, after subtracting the mean row (n×k, row-major).</summary>
    public static float[] Project(ReadOnlySpan<float> rows, int d, float[][] components)
    {
        int n = rows.Length / d;
        var mean = new float[d];
        for (int i = 0; i < n; i++) TensorPrimitives.Add(mean, rows.Slice(i * d, d), mean);
        TensorPrimitives.Multiply(mean, 1f / Math.Max(1, n), mean);
        var centred = new float[d];
        var result = new float[n * components.Length];
        for (int i = 0; i < n; i++)
        {
            TensorPrimitives.Subtract(rows.Slice(i * d, d), mean, centred);
            for (int c = 0; c < components.Length; c++) result[i * components.Length + c] = TensorPrimitives.Dot(centred, components[c]);
        }
        return result;
    }
}
