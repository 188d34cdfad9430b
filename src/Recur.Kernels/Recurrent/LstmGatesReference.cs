namespace Recur.Kernels.Recurrent;

/// <summary>
/// Scalar reference for <see cref="LstmGates"/>: the LSTM step written one element at a time, in the equations'
/// own words (Hochreiter &amp; Schmidhuber 1997 with the forget gate of Gers et al. 2000, PyTorch's gate order
/// i, f, g, o).
/// </summary>
public static class LstmGatesReference
{
    public static void Forward(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> cPrev, Span<float> gates, Span<float> c, Span<float> h)
    {
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < hidden; j++)
            {
                int row = b * g4, k = b * hidden + j;
                float i = Sigmoid(Pre(inputGates, hiddenGates, hiddenBias, row, hidden, 0, j));
                float f = Sigmoid(Pre(inputGates, hiddenGates, hiddenBias, row, hidden, 1, j));
                float g = MathF.Tanh(Pre(inputGates, hiddenGates, hiddenBias, row, hidden, 2, j));
                float o = Sigmoid(Pre(inputGates, hiddenGates, hiddenBias, row, hidden, 3, j));
                gates[row + j] = i; gates[row + hidden + j] = f; gates[row + 2 * hidden + j] = g; gates[row + 3 * hidden + j] = o;
                c[k] = f * cPrev[k] + i * g;
                h[k] = o * MathF.Tanh(c[k]);
            }
    }

    public static void Backward(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> dc,
        ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c, Span<float> dGates, Span<float> dcPrev)
    {
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < hidden; j++)
            {
                int row = b * g4, k = b * hidden + j;
                float i = gates[row + j], f = gates[row + hidden + j], g = gates[row + 2 * hidden + j], o = gates[row + 3 * hidden + j];
                float tc = MathF.Tanh(c[k]);
                float dcTotal = dc[k] + dh[k] * o * (1 - tc * tc);
                dGates[row + j] = dcTotal * g * i * (1 - i);
                dGates[row + hidden + j] = dcTotal * cPrev[k] * f * (1 - f);
                dGates[row + 2 * hidden + j] = dcTotal * i * (1 - g * g);
                dGates[row + 3 * hidden + j] = dh[k] * tc * o * (1 - o);
                dcPrev[k] = dcTotal * f;
            }
    }

    static float Pre(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> bias, int row, int hidden, int gate, int j) =>
        x[row + gate * hidden + j] + y[row + gate * hidden + j] + (bias.IsEmpty ? 0f : bias[gate * hidden + j]);

    static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
