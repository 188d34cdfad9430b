namespace Recur.Kernels.Recurrent;

/// <summary>
/// Scalar reference for <see cref="GruGates"/> (Cho et al. 2014 as PyTorch writes it, gate order r, z, n, with the
/// reset gate applied after the hidden projection: n = tanh(x_n + r ⊙ (W_hn h + b_hn))).
/// </summary>
public static class GruGatesReference
{
    public static void Forward(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> hPrev, Span<float> saved, Span<float> h)
    {
        int g3 = 3 * hidden, s4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < hidden; j++)
            {
                int row = b * g3, k = b * hidden + j, srow = b * s4;
                float r = Sigmoid(inputGates[row + j] + hiddenGates[row + j] + Bias(hiddenBias, hidden, 0, j));
                float z = Sigmoid(inputGates[row + hidden + j] + hiddenGates[row + hidden + j] + Bias(hiddenBias, hidden, 1, j));
                float hn = hiddenGates[row + 2 * hidden + j] + Bias(hiddenBias, hidden, 2, j);
                float n = MathF.Tanh(inputGates[row + 2 * hidden + j] + r * hn);
                saved[srow + j] = r; saved[srow + hidden + j] = z; saved[srow + 2 * hidden + j] = n; saved[srow + 3 * hidden + j] = hn;
                h[k] = (1 - z) * n + z * hPrev[k];
            }
    }

    public static void Backward(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> saved,
        Span<float> dInputGates, Span<float> dHiddenGates, Span<float> dhPrev)
    {
        int g3 = 3 * hidden, s4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < hidden; j++)
            {
                int row = b * g3, k = b * hidden + j, srow = b * s4;
                float r = saved[srow + j], z = saved[srow + hidden + j], n = saved[srow + 2 * hidden + j], hn = saved[srow + 3 * hidden + j];
                float dn = dh[k] * (1 - z) * (1 - n * n);
                float dz = dh[k] * (hPrev[k] - n) * z * (1 - z);
                float dr = dn * hn * r * (1 - r);
                dInputGates[row + j] = dr; dInputGates[row + hidden + j] = dz; dInputGates[row + 2 * hidden + j] = dn;
                dHiddenGates[row + j] = dr; dHiddenGates[row + hidden + j] = dz; dHiddenGates[row + 2 * hidden + j] = dn * r;
                dhPrev[k] = dh[k] * z;
            }
    }

    static float Bias(ReadOnlySpan<float> bias, int hidden, int gate, int j) => bias.IsEmpty ? 0f : bias[gate * hidden + j];

    static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
