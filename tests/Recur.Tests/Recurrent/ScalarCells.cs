namespace Recur.Tests.Recurrent;

/// <summary>
/// Independent references for the composed cells: the published equations for one batch row in double precision,
/// written with loops over plain arrays (no tensors, no autograd). Weights are PyTorch-layout (G·H, F) row-major.
/// </summary>
internal static class ScalarCells
{
    public static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>W·v for W (rows, v.Length).</summary>
    public static double[] MatVec(float[] w, double[] v)
    {
        int rows = w.Length / v.Length;
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < v.Length; k++) y[r] += w[r * v.Length + k] * v[k];
        return y;
    }

    /// <summary>LayerNorm of each of the <paramref name="groups"/> equal parts of v (biased variance, ε = 1e-5).</summary>
    public static double[] LayerNorm(double[] v, int groups, float[] gain, float[]? shift = null)
    {
        int n = v.Length / groups;
        var y = new double[v.Length];
        for (int g = 0; g < groups; g++)
        {
            double mean = 0, variance = 0;
            for (int j = 0; j < n; j++) mean += v[g * n + j] / n;
            for (int j = 0; j < n; j++) variance += (v[g * n + j] - mean) * (v[g * n + j] - mean) / n;
            for (int j = 0; j < n; j++)
                y[g * n + j] = (v[g * n + j] - mean) / Math.Sqrt(variance + 1e-5) * gain[g * n + j] + (shift?[g * n + j] ?? 0);
        }
        return y;
    }

    public sealed record LstmParams(float[] Wih, float[] Whh, float[] Bias, float[]? Ci = null, float[]? Cf = null, float[]? Co = null,
        float[]? GainIh = null, float[]? GainHh = null, float[]? GainC = null, float[]? ShiftC = null);

    /// <summary>
    /// LSTM, gate order i, f, g, o; peepholes (Gers &amp; Schmidhuber 2000) when Ci is set; layer normalisation
    /// (Ba et al. 2016, per gate) when GainIh is set. The mask multiplies h only inside W_hh·h.
    /// </summary>
    public static (double[] H, double[] C) Lstm(LstmParams p, double[] x, double[] h, double[] c, double[]? mask = null)
    {
        int H = h.Length;
        var hm = mask is null ? h : h.Select((v, j) => v * mask[j]).ToArray();
        var ax = MatVec(p.Wih, x);
        var ah = MatVec(p.Whh, hm);
        if (p.GainIh is not null) { ax = LayerNorm(ax, 4, p.GainIh); ah = LayerNorm(ah, 4, p.GainHh!); }
        var a = ax.Select((v, r) => v + ah[r] + p.Bias[r]).ToArray();
        var cNew = new double[H];
        var hNew = new double[H];
        for (int j = 0; j < H; j++)
        {
            double i = Sigmoid(a[j] + (p.Ci is null ? 0 : p.Ci[j] * c[j]));
            double f = Sigmoid(a[H + j] + (p.Cf is null ? 0 : p.Cf[j] * c[j]));
            cNew[j] = f * c[j] + i * Math.Tanh(a[2 * H + j]);
        }
        var cOut = p.GainC is null ? cNew : LayerNorm(cNew, 1, p.GainC, p.ShiftC);
        for (int j = 0; j < H; j++)
        {
            double o = Sigmoid(a[3 * H + j] + (p.Co is null ? 0 : p.Co[j] * cNew[j]));
            hNew[j] = o * Math.Tanh(cOut[j]);
        }
        return (hNew, cNew);
    }

    /// <summary>GRU (PyTorch's form, gate order r, z, n), per-gate layer normalisation when gains are given.</summary>
    public static double[] Gru(float[] wih, float[] whh, float[] bih, float[] bhh, double[] x, double[] h, double[]? mask = null,
        float[]? gainIh = null, float[]? gainHh = null)
    {
        int H = h.Length;
        var hm = mask is null ? h : h.Select((v, j) => v * mask[j]).ToArray();
        var a = MatVec(wih, x);
        var u = MatVec(whh, hm);
        if (gainIh is not null) { a = LayerNorm(a, 3, gainIh); u = LayerNorm(u, 3, gainHh!); }
        var hNew = new double[H];
        for (int j = 0; j < H; j++)
        {
            double r = Sigmoid(a[j] + bih[j] + u[j] + bhh[j]);
            double z = Sigmoid(a[H + j] + bih[H + j] + u[H + j] + bhh[H + j]);
            double n = Math.Tanh(a[2 * H + j] + bih[2 * H + j] + r * (u[2 * H + j] + bhh[2 * H + j]));
            hNew[j] = (1 - z) * n + z * h[j];
        }
        return hNew;
    }

    public static double[] Row(Tensor t, int row) => t.Select(0, row).ToArray().Select(v => (double)v).ToArray();

    public static void Close(double[] expected, Tensor actual, int row, string what, double tolerance = 1e-5)
    {
        var a = actual.Select(0, row).ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (int j = 0; j < a.Length; j++)
            Assert.True(Math.Abs(expected[j] - a[j]) <= tolerance * (1 + Math.Abs(expected[j])), $"{what}[{row}, {j}]: reference {expected[j]}, ours {a[j]}");
    }
}
