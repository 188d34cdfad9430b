namespace Recur.Nn;

/// <summary>
/// The residual block of a temporal convolutional network (Bai, Kolter &amp; Koltun 2018, §3.4, fig. 1b), as in
/// their reference code: two weight-normalised causal convolutions of kernel K and dilation d, each followed by ReLU
/// and dropout, added to the input (through a 1×1 convolution <c>downsample</c> when the channel counts differ) and
/// passed through a final ReLU. Parameter names are the reference's: <c>conv1.weight_g</c>, <c>conv1.weight_v</c>,
/// <c>conv1.bias</c>, <c>conv2.…</c>, <c>downsample.weight</c>, <c>downsample.bias</c>.
/// <para>
/// Each convolution reads its last <see cref="History"/> = d·(K−1) input frames before the chunk from a carried
/// history (zeros at the start of a stream) in place of zero padding, so chunks carried through it equal one pass.
/// Initialisation is what the reference actually runs, not what its <c>init_weights</c> reads as: it draws
/// <c>conv1.weight</c> and <c>conv2.weight</c> from N(0, 0.01), but under weight_norm that tensor is recomputed from
/// g and v before every forward, so the draw is lost and the convolutions keep PyTorch's default
/// (Kaiming-uniform, g = ‖v‖). Only <c>downsample</c>, which is not weight-normalised, keeps its N(0, 0.01).
/// Taken literally, the N(0, 0.01) makes each convolution about four times smaller (for 30 channels and K = 7).
/// </para>
/// </summary>
public sealed class TemporalBlock : Module, IUnaryModule
{
    readonly float dropout;
    readonly Generator? generator;

    public TemporalBlock(int inChannels, int outChannels, int kernelSize, int dilation, float dropout = 0f, Generator? generator = null)
    {
        if (kernelSize < 2) throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "A temporal block needs a kernel of at least 2 taps to reach past frames.");
        if (dilation < 1) throw new ArgumentOutOfRangeException(nameof(dilation), dilation, "Dilation must be at least 1.");
        if (dropout is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must lie in [0, 1).");
        InChannels = inChannels; OutChannels = outChannels; KernelSize = kernelSize; Dilation = dilation;
        this.dropout = dropout; this.generator = generator;
        Conv1 = RegisterModule("conv1", new Conv1d(inChannels, outChannels, kernelSize, dilation: dilation, weightNorm: true, generator: generator));
        Conv2 = RegisterModule("conv2", new Conv1d(outChannels, outChannels, kernelSize, dilation: dilation, weightNorm: true, generator: generator));
        if (inChannels != outChannels)
        {
            Downsample = RegisterModule("downsample", new Conv1d(inChannels, outChannels, 1, generator: generator));
            Init.Normal(Downsample.Weight!, 0f, 0.01f, generator);
        }
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelSize { get; }
    public int Dilation { get; }

    /// <summary>Past frames each convolution reads: d·(K−1).</summary>
    public int History => Dilation * (KernelSize - 1);

    public Conv1d Conv1 { get; }
    public Conv1d Conv2 { get; }

    /// <summary>The 1×1 convolution on the residual path; null when the channel counts agree.</summary>
    public Conv1d? Downsample { get; }

    /// <summary>The block over (B, C_in, T) from zero history (a plain causal pass): (B, C_out, T).</summary>
    public Tensor Forward(Tensor input) => Forward(input, null, null).Output;

    /// <summary>
    /// The block over <paramref name="input"/> (B, C_in, T) after the given histories (B, C_in, d·(K−1)) and
    /// (B, C_out, d·(K−1)) of the two convolutions' inputs (zeros when null); returns the output (B, C_out, T) and
    /// both histories after the last frame.
    /// </summary>
    public (Tensor Output, Tensor History1, Tensor History2) Forward(Tensor input, Tensor? history1, Tensor? history2)
    {
        var (hidden, next1) = CausalConv(Conv1, input, history1);
        hidden = Functional.Dropout(hidden.Relu(), dropout, Training, generator);
        var (net, next2) = CausalConv(Conv2, hidden, history2);
        net = Functional.Dropout(net.Relu(), dropout, Training, generator);
        var residual = Downsample is null ? input : Downsample.Forward(input);
        return ((net + residual).Relu(), next1, next2);
    }

    (Tensor Output, Tensor History) CausalConv(Conv1d conv, Tensor x, Tensor? history)
    {
        int batch = x.Shape[0], channels = x.Shape[1], steps = x.Shape[2];
        history ??= Tensor.Zeros(batch, channels, History);
        if (history.Rank != 3 || history.Shape[0] != batch || history.Shape[1] != channels || history.Shape[2] != History)
            throw new ArgumentException($"TemporalBlock: a history must have shape ({batch}, {channels}, {History}), got {Tensor.ShapeString(history.Shape)}.");
        var window = Tensor.Concat([history, x], 2);
        var y = Functional.Conv1d(window, conv.EffectiveWeight(), conv.Bias, dilation: Dilation);
        return (y, window.Narrow(2, steps, History).Contiguous());
    }
}
