namespace Recur.Nn;

/// <summary>
/// A kernel-size-1 Conv1d applied to channels-last input: (…, in) → (…, out) with weight (out, in, 1) and bias (out),
/// PyTorch's nn.Conv1d(in, out, kernel_size=1) shapes and default init U(−1/√in, 1/√in), so its state_dict loads as is.
/// </summary>
internal sealed class PointwiseConvolution : Module, IUnaryModule
{
    readonly int inFeatures, outFeatures;

    public PointwiseConvolution(int inFeatures, int outFeatures, Generator? generator = null)
    {
        this.inFeatures = inFeatures; this.outFeatures = outFeatures;
        float bound = 1f / MathF.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Tensor.Zeros(outFeatures, inFeatures, 1));
        Init.Uniform(Weight, -bound, bound, generator);
        Bias = RegisterParameter("bias", Tensor.Zeros(outFeatures));
        Init.Uniform(Bias, -bound, bound, generator);
    }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public Tensor Forward(Tensor input) => Functional.Linear(input, Weight.Reshape(outFeatures, inFeatures), Bias);
}
