namespace Recur.Nn;

/// <summary>y = x·Wᵀ + b, W of shape (out, in); PyTorch's default init U(−1/√in, 1/√in) for both.</summary>
public sealed class Linear : Module, IUnaryModule
{
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        float bound = 1f / MathF.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Tensor.Zeros(outFeatures, inFeatures));
        Init.Uniform(Weight, -bound, bound, generator);
        if (bias)
        {
            Bias = RegisterParameter("bias", Tensor.Zeros(outFeatures));
            Init.Uniform(Bias, -bound, bound, generator);
        }
    }

    public Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);
}
