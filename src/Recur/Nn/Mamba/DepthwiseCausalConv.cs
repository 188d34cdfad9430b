namespace Recur.Nn;

/// <summary>
/// Mamba's <c>conv1d</c>: a depthwise (groups = channels) causal convolution of width K over time-major (T, B, D),
/// y_t = bias + Σ_k w[:, 0, k] ⊙ x_{t−K+1+k}, where the K − 1 inputs before the chunk come from the carried history
/// (zeros at the start of a stream), i.e. PyTorch's Conv1d with padding K − 1 cut to the first T outputs. Written as
/// K shifted slices times a column of w, whose backward the primitives give; at K 4 it costs a few element-wise
/// passes beside the scan. Parameter names and shapes are torch.nn.Conv1d's, weight (D, 1, K) and bias (D), with its
/// default init U(±1/√K).
/// </summary>
internal sealed class DepthwiseCausalConv : Module
{
    public Tensor Weight { get; }
    public Tensor Bias { get; }
    public int Channels { get; }
    public int Width { get; }

    public DepthwiseCausalConv(int channels, int width, Generator? generator)
    {
        Channels = channels; Width = width;
        float bound = 1f / MathF.Sqrt(width);
        Weight = RegisterParameter("weight", Tensor.Zeros(channels, 1, width));
        Init.Uniform(Weight, -bound, bound, generator);
        Bias = RegisterParameter("bias", Tensor.Zeros(channels));
        Init.Uniform(Bias, -bound, bound, generator);
    }

    /// <summary>
    /// Convolves <paramref name="input"/> (T, B, D) after <paramref name="history"/> (K − 1, B, D; zeros when null);
    /// returns the output (T, B, D) and the last K − 1 inputs, the next chunk's history.
    /// </summary>
    public (Tensor Output, Tensor History) Forward(Tensor input, Tensor? history)
    {
        int t = input.Shape[0], batch = input.Shape[1];
        history ??= Tensor.Zeros(Width - 1, batch, Channels);
        var padded = Tensor.Concat([history, input], 0);                    // (T + K − 1, B, D)
        var output = Bias + padded.Narrow(0, 0, t) * Weight.Select(2, 0).Reshape(Channels);
        for (int k = 1; k < Width; k++) output += padded.Narrow(0, k, t) * Weight.Select(2, k).Reshape(Channels);
        return (output, padded.Narrow(0, t, Width - 1));
    }
}
