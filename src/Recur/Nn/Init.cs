namespace Recur.Nn;

/// <summary>Parameter initialisers; each fills a tensor in place from a seeded generator.</summary>
public static class Init
{
    public static void Uniform(Tensor tensor, float low, float high, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var data = tensor.AsSpan();
        for (int i = 0; i < data.Length; i++) data[i] = low + (high - low) * g.NextFloat();
    }

    public static void Normal(Tensor tensor, float mean, float std, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var data = tensor.AsSpan();
        for (int i = 0; i < data.Length; i++) data[i] = mean + std * (float)g.NextNormal();
    }

    public static void Constant(Tensor tensor, float value) => tensor.AsSpan().Fill(value);

    /// <summary>Glorot &amp; Bengio (2010): U(−a, a) with a = gain·√(6 / (fan_in + fan_out)).</summary>
    public static void XavierUniform(Tensor tensor, float gain = 1f, Generator? generator = null)
    {
        int fanOut = tensor.Shape[0], fanIn = tensor.Count / Math.Max(fanOut, 1);
        float a = gain * MathF.Sqrt(6f / (fanIn + fanOut));
        Uniform(tensor, -a, a, generator);
    }

    /// <summary>
    /// A (semi-)orthogonal matrix (Saxe et al. 2013): QR of a Gaussian matrix with the signs of R's diagonal folded
    /// into Q so that the result is uniformly distributed. Rows·cols may differ: then rows or columns are orthonormal.
    /// </summary>
    public static void Orthogonal(Tensor tensor, float gain = 1f, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        int rows = tensor.Shape[0], cols = tensor.Count / Math.Max(rows, 1);
        bool transpose = rows < cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols; // m ≥ n: orthonormalise n columns of length m
        var q = new double[m * n];
        for (int i = 0; i < q.Length; i++) q[i] = g.NextNormal();
        // Modified Gram–Schmidt, column by column, twice for numerical orthogonality; the sign of R's diagonal is
        // positive by construction, which is the convention that makes Q Haar-distributed.
        for (int j = 0; j < n; j++)
        {
            for (int pass = 0; pass < 2; pass++)
                for (int p = 0; p < j; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < m; i++) dot += q[i * n + p] * q[i * n + j];
                    for (int i = 0; i < m; i++) q[i * n + j] -= dot * q[i * n + p];
                }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += q[i * n + j] * q[i * n + j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < m; i++) q[i * n + j] /= norm;
        }
        var data = tensor.AsSpan();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                data[r * cols + c] = (float)(gain * (transpose ? q[c * n + r] : q[r * n + c]));
    }
}
