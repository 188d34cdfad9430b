using System.Numerics.Tensors;

namespace Recur.Kernels.Convolution;

/// <summary>
/// A depthwise causal convolution over time-major rows (mamba's conv1d: groups = channels, padding K − 1 cut to T):
/// y[t, b] = bias + Σ_k w[:, k] ⊙ x'[t + k, b], where x' is the K − 1 history rows (K − 1, B, D) followed by the
/// input (T, B, D), and w is (D, K) row-major (torch's (D, 1, K)). Each term is one multiply-add over a row of D
/// channels. It runs on the calling thread: at Mamba's sizes (K 4) it is 2·K flops per element, a few milliseconds
/// at T·B 65,536 and D 256, under a hand-off's worth beside the scan. Backward accumulates into its gradients.
/// </summary>
public static class DepthwiseCausalConvKernel
{
    public static void Forward(int time, int batch, int channels, int width, ReadOnlySpan<float> history, ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        Check(time, batch, channels, width, history.Length, input.Length, weight.Length, bias.Length, output.Length);
        var taps = Transpose(channels, width, weight);
        for (int t = 0; t < time; t++)
            for (int b = 0; b < batch; b++)
            {
                var y = output.Slice((t * batch + b) * channels, channels);
                bias.CopyTo(y);
                for (int k = 0; k < width; k++)
                    TensorPrimitives.MultiplyAdd(Row(t + k, b, batch, channels, width, history, input), taps.AsSpan(k * channels, channels), y, y);
            }
    }

    public static void Backward(int time, int batch, int channels, int width, ReadOnlySpan<float> history, ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> dOutput, Span<float> dHistory, Span<float> dInput, Span<float> dWeight, Span<float> dBias)
    {
        Check(time, batch, channels, width, history.Length, input.Length, weight.Length, channels, dOutput.Length);
        var taps = Transpose(channels, width, weight);
        var dTaps = new float[width * channels];
        for (int t = 0; t < time; t++)
            for (int b = 0; b < batch; b++)
            {
                var dy = dOutput.Slice((t * batch + b) * channels, channels);
                if (!dBias.IsEmpty) TensorPrimitives.Add(dBias, dy, dBias);
                for (int k = 0; k < width; k++)
                {
                    var dTap = dTaps.AsSpan(k * channels, channels);
                    TensorPrimitives.MultiplyAdd(Row(t + k, b, batch, channels, width, history, input), dy, dTap, dTap);
                    int s = t + k - (width - 1);
                    var dx = s < 0 ? dHistory.IsEmpty ? default : dHistory.Slice(((s + width - 1) * batch + b) * channels, channels)
                        : dInput.IsEmpty ? default : dInput.Slice((s * batch + b) * channels, channels);
                    if (!dx.IsEmpty) TensorPrimitives.MultiplyAdd(dy, taps.AsSpan(k * channels, channels), dx, dx);
                }
            }
        if (dWeight.IsEmpty) return;
        for (int d = 0; d < channels; d++)
            for (int k = 0; k < width; k++) dWeight[d * width + k] += dTaps[k * channels + d];
    }

    /// <summary>Row t' of the history-then-input sequence for batch row b.</summary>
    static ReadOnlySpan<float> Row(int s, int b, int batch, int channels, int width, ReadOnlySpan<float> history, ReadOnlySpan<float> input) =>
        s < width - 1 ? history.Slice((s * batch + b) * channels, channels) : input.Slice(((s - width + 1) * batch + b) * channels, channels);

    static float[] Transpose(int channels, int width, ReadOnlySpan<float> weight)
    {
        var taps = new float[width * channels];
        for (int d = 0; d < channels; d++)
            for (int k = 0; k < width; k++) taps[k * channels + d] = weight[d * width + k];
        return taps;
    }

    static void Check(int time, int batch, int channels, int width, int history, int input, int weight, int bias, int output)
    {
        if (time < 0 || batch < 0 || channels < 0 || width < 1)
            throw new ArgumentException($"DepthwiseCausalConv: invalid sizes T {time}, B {batch}, D {channels}, K {width}.");
        long rows = (long)batch * channels;
        if (history != (width - 1) * rows || input != time * rows || weight != (long)channels * width || bias != channels || output != time * rows)
            throw new ArgumentException($"DepthwiseCausalConv: expected history {(width - 1) * rows}, input {time * rows}, weight {channels * width}, bias {channels} and output {time * rows} elements; got {history}, {input}, {weight}, {bias} and {output}.");
    }
}
