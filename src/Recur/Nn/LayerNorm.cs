namespace Recur.Nn;

/// <summary>Layer normalisation over the last dimension with learnable gain (ones) and bias (zeros).</summary>
public sealed class LayerNorm : Module, IUnaryModule
{
    public Tensor Weight { get; }
    public Tensor Bias { get; }
    public float Eps { get; }

    public LayerNorm(int normalizedShape, float eps = 1e-5f)
    {
        Eps = eps;
        Weight = RegisterParameter("weight", Tensor.Ones(normalizedShape));
        Bias = RegisterParameter("bias", Tensor.Zeros(normalizedShape));
    }

    public Tensor Forward(Tensor input) => Functional.LayerNorm(input, Weight, Bias, Eps);
}
