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

    /// <summary>One row, without autograd or allocation (for steppers); the mean square in double.</summary>
    internal void ForwardRow(ReadOnlySpan<float> x, Span<float> y)
    {
        double square = 0;
        foreach (float v in x) square += (double)v * v;
        float scale = (float)(1 / Math.Sqrt(square / x.Length + Eps));
        var gain = Weight.AsSpan();
        for (int i = 0; i < x.Length; i++) y[i] = x[i] * scale * gain[i];
    }
}
