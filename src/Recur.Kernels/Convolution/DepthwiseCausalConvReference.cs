namespace Recur.Kernels.Convolution;

/// <summary>
/// <see cref="DepthwiseCausalConvKernel"/> written element by element in double precision, the history-then-input
/// sequence indexed directly: the check for the fast kernel.
/// </summary>
public static class DepthwiseCausalConvReference
{
    public static void Forward(int time, int batch, int channels, int width, ReadOnlySpan<float> history, ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        for (int t = 0; t < time; t++)
            for (int b = 0; b < batch; b++)
                for (int d = 0; d < channels; d++)
                {
                    double sum = bias[d];
                    for (int k = 0; k < width; k++) sum += weight[d * width + k] * At(t + k - (width - 1), b, d, batch, channels, width, history, input);
                    output[(t * batch + b) * channels + d] = (float)sum;
                }
    }

    public static void Backward(int time, int batch, int channels, int width, ReadOnlySpan<float> history, ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> dOutput, Span<float> dHistory, Span<float> dInput, Span<float> dWeight, Span<float> dBias)
    {
        for (int t = 0; t < time; t++)
            for (int b = 0; b < batch; b++)
                for (int d = 0; d < channels; d++)
                {
                    float g = dOutput[(t * batch + b) * channels + d];
                    dBias[d] += g;
                    for (int k = 0; k < width; k++)
                    {
                        int s = t + k - (width - 1);
                        dWeight[d * width + k] += g * At(s, b, d, batch, channels, width, history, input);
                        if (s < 0) dHistory[((s + width - 1) * batch + b) * channels + d] += g * weight[d * width + k];
                        else dInput[(s * batch + b) * channels + d] += g * weight[d * width + k];
                    }
                }
    }

    static float At(int s, int b, int d, int batch, int channels, int width, ReadOnlySpan<float> history, ReadOnlySpan<float> input) =>
        s < 0 ? history[((s + width - 1) * batch + b) * channels + d] : input[(s * batch + b) * channels + d];
}
