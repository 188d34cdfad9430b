namespace Recur.Nn;

/// <summary>
/// Mamba's <c>conv1d</c>: a depthwise (groups = channels) causal convolution of width K over time-major (T, B, D),
/// y_t = bias + Σ_k w[:, 0, k] ⊙ x_{t−K+1+k}, where the K − 1 inputs before the chunk come from the carried history
/// (zeros at the start of a stream), i.e. PyTorch's Conv1d with padding K − 1 cut to the first T outputs. One fused
/// node (<see cref="Fused.DepthwiseCausalConv1d"/>): the composition of K shifted slices times a column of w cost more
/// than the selective scan. Parameter names and shapes are torch.nn.Conv1d's, weight (D, 1, K) and bias (D), with its
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
        var output = new Fused.DepthwiseCausalConv1d(t, batch, Channels, Width).Apply(history, input, Weight, Bias)[0];
        var next = t >= Width - 1 ? input.Narrow(0, t - (Width - 1), Width - 1)
            : Tensor.Concat([history, input], 0).Narrow(0, t, Width - 1);     // a chunk shorter than the history keeps part of it
        return (output, next);
    }
}
