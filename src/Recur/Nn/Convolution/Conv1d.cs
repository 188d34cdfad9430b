namespace Recur.Nn;

/// <summary>
/// torch.nn.Conv1d: (B, C_in, T) → (B, C_out, T_out) with weight (C_out, C_in/groups, K) and bias (C_out), both
/// initialised as PyTorch does (Kaiming-uniform with a = √5, i.e. U(−1/√fan_in, 1/√fan_in), fan_in = C_in/groups·K).
/// With <c>weightNorm</c> the weight is reparameterised as torch.nn.utils.weight_norm(dim=0) leaves it: parameters
/// <c>weight_g</c> (C_out, 1, 1) and <c>weight_v</c>, w = g·v/‖v‖ (Salimans &amp; Kingma 2016), g starting at ‖v‖
/// so that the initial weight is unchanged.
/// </summary>
public sealed class Conv1d : Module, IUnaryModule
{
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1,
        int groups = 1, bool bias = true, bool weightNorm = false, Generator? generator = null)
    {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv1d: channels {inChannels}→{outChannels}, kernel size {kernelSize} and groups {groups} must be positive, with groups dividing both channel counts.");
        InChannels = inChannels; OutChannels = outChannels; KernelSize = kernelSize;
        Stride = stride; Padding = padding; Dilation = dilation; Groups = groups;
        float bound = 1f / MathF.Sqrt(inChannels / groups * kernelSize);
        var w = Tensor.Zeros(outChannels, inChannels / groups, kernelSize);
        Init.Uniform(w, -bound, bound, generator);
        // Registration order gives PyTorch's state_dict order: weight, bias; weight_norm removes weight and appends g, v.
        if (!weightNorm) Weight = RegisterParameter("weight", w);
        if (bias)
        {
            Bias = RegisterParameter("bias", Tensor.Zeros(outChannels));
            Init.Uniform(Bias, -bound, bound, generator);
        }
        if (weightNorm)
        {
            WeightG = RegisterParameter("weight_g", Tensor.Zeros(outChannels, 1, 1));
            WeightV = RegisterParameter("weight_v", w);
            ResetWeightNorm();
        }
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelSize { get; }
    public int Stride { get; }
    public int Padding { get; }
    public int Dilation { get; }
    public int Groups { get; }

    /// <summary>The weight (C_out, C_in/groups, K); null under weight normalisation.</summary>
    public Tensor? Weight { get; }

    public Tensor? Bias { get; }

    /// <summary>Weight normalisation's per-channel length g (C_out, 1, 1); null without it.</summary>
    public Tensor? WeightG { get; }

    /// <summary>Weight normalisation's direction v (C_out, C_in/groups, K); null without it.</summary>
    public Tensor? WeightV { get; }

    /// <summary>The weight the convolution uses: <see cref="Weight"/>, or g·v/‖v‖ under weight normalisation.</summary>
    public Tensor EffectiveWeight() => WeightV is null ? Weight! : Functional.WeightNorm(WeightV, WeightG!);

    /// <summary>Sets g to ‖v‖ per output channel, so that the effective weight equals v (what weight_norm does on wrapping).</summary>
    public void ResetWeightNorm()
    {
        if (WeightV is null) throw new InvalidOperationException("Conv1d was built without weight normalisation.");
        var v = WeightV.AsSpan();
        var g = WeightG!.AsSpan();
        int per = v.Length / OutChannels;
        for (int o = 0; o < OutChannels; o++)
            g[o] = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(v.Slice(o * per, per)));
        WeightG.MarkModified();
    }

    public Tensor Forward(Tensor input) => Functional.Conv1d(input, EffectiveWeight(), Bias, Stride, Padding, Dilation, Groups);
}
