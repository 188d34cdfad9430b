namespace Recur.Nn;

/// <summary>
/// Root-mean-square normalisation over the last dimension (Zhang &amp; Sennrich 2019): x / √(mean(x²) + ε) · γ, with a
/// learnable gain γ (ones) and no centring or bias, as mamba's and PyTorch's <c>RMSNorm</c>.
/// </summary>
public sealed class RmsNorm : Module, IUnaryModule
{
    public Tensor Weight { get; }
    public float Eps { get; }

    public RmsNorm(int normalizedShape, float eps = 1e-5f)
    {
        Eps = eps;
        Weight = RegisterParameter("weight", Tensor.Ones(normalizedShape));
    }

    public Tensor Forward(Tensor input) => input / ((input * input).Mean(-1, keepDim: true) + Eps).Sqrt() * Weight;
}
