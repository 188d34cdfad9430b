namespace Recur.Kernels.Recurrent;

/// <summary>Scalar reference for <see cref="RnnGates"/>: h' = act(x + h + b_hh), act = tanh or ReLU (Elman 1990).</summary>
public static class RnnGatesReference
{
    public static void Forward(int batch, int hidden, bool relu, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, Span<float> h)
    {
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < hidden; j++)
            {
                int k = b * hidden + j;
                float a = inputGates[k] + hiddenGates[k] + (hiddenBias.IsEmpty ? 0f : hiddenBias[j]);
                h[k] = relu ? MathF.Max(a, 0f) : MathF.Tanh(a);
            }
    }

    public static void Backward(int batch, int hidden, bool relu, ReadOnlySpan<float> dh, ReadOnlySpan<float> h, Span<float> dGates)
    {
        for (int k = 0; k < batch * hidden; k++)
            dGates[k] = relu ? (h[k] > 0 ? dh[k] : 0f) : dh[k] * (1 - h[k] * h[k]);
    }
}
