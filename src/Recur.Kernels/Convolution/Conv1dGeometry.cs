namespace Recur.Kernels.Convolution;

/// <summary>
/// The sizes of one 1-D convolution in PyTorch's conv1d layout: input (B, C_in, T_in), weight (C_out, C_in/G, K),
/// output (B, C_out, T_out) with T_out = ⌊(T_in + P_left + P_right − d·(K − 1) − 1) / s⌋ + 1, where output frame t,
/// tap k reads input frame t·s + k·d − P_left (zero outside [0, T_in)). Symmetric padding is PyTorch's; a causal
/// convolution pads d·(K − 1) on the left only.
/// </summary>
public readonly record struct Conv1dGeometry
{
    public Conv1dGeometry(int batch, int inChannels, int outChannels, int inLength, int kernelSize,
        int stride = 1, int dilation = 1, int padLeft = 0, int padRight = 0, int groups = 1)
    {
        if (batch < 0 || inLength < 0) throw new ArgumentOutOfRangeException(nameof(batch), $"Conv1d: batch {batch} and length {inLength} must not be negative.");
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || dilation < 1 || groups < 1)
            throw new ArgumentOutOfRangeException(nameof(inChannels), $"Conv1d: channels ({inChannels}→{outChannels}), kernel size {kernelSize}, stride {stride}, dilation {dilation} and groups {groups} must be at least 1.");
        if (padLeft < 0 || padRight < 0) throw new ArgumentOutOfRangeException(nameof(padLeft), $"Conv1d: padding ({padLeft}, {padRight}) must not be negative.");
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv1d: {groups} groups must divide both the input channels ({inChannels}) and the output channels ({outChannels}).");
        int span = dilation * (kernelSize - 1) + 1;
        if (inLength + padLeft + padRight < span)
            throw new ArgumentException($"Conv1d: a padded input of {inLength + padLeft + padRight} frames is shorter than the kernel's reach of {span} frames (kernel size {kernelSize}, dilation {dilation}).");
        Batch = batch; InChannels = inChannels; OutChannels = outChannels; InLength = inLength; KernelSize = kernelSize;
        Stride = stride; Dilation = dilation; PadLeft = padLeft; PadRight = padRight; Groups = groups;
        OutLength = (inLength + padLeft + padRight - span) / stride + 1;
    }

    public int Batch { get; }
    public int InChannels { get; }
    public int OutChannels { get; }
    public int InLength { get; }
    public int OutLength { get; }
    public int KernelSize { get; }
    public int Stride { get; }
    public int Dilation { get; }
    public int PadLeft { get; }
    public int PadRight { get; }
    public int Groups { get; }

    /// <summary>Input channels per group (the weight's second axis).</summary>
    public int GroupIn => InChannels / Groups;

    /// <summary>Output channels per group.</summary>
    public int GroupOut => OutChannels / Groups;

    public long InputCount => (long)Batch * InChannels * InLength;
    public long OutputCount => (long)Batch * OutChannels * OutLength;
    public int WeightCount => OutChannels * GroupIn * KernelSize;

    /// <summary>Multiply-adds of the forward pass.</summary>
    public long MultiplyAdds => OutputCount * GroupIn * KernelSize;

    /// <summary>Input frame read by output frame 0 through tap <paramref name="k"/> (negative inside the left padding).</summary>
    public int Offset(int k) => k * Dilation - PadLeft;

    /// <summary>The output frames [First, End) whose tap <paramref name="k"/> falls inside the input (not in padding).</summary>
    public (int First, int End) Valid(int k)
    {
        int offset = Offset(k), last = InLength - 1 - offset;
        if (last < 0) return (0, 0);
        int first = offset >= 0 ? 0 : (-offset + Stride - 1) / Stride;
        return (first, Math.Max(first, Math.Min(OutLength, last / Stride + 1)));
    }
}
