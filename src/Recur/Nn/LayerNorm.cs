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

    /// <summary>One row, without autograd or allocation (for steppers).</summary>
    internal void ForwardRow(ReadOnlySpan<float> x, Span<float> y) => Row(x, Weight.AsSpan(), Bias.AsSpan(), Eps, y);

    /// <summary>(x − μ)/√(σ² + ε)·γ + β for one row, the biased variance from two passes in double.</summary>
    internal static void Row(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, Span<float> y)
    {
        double mean = 0, variance = 0;
        foreach (float v in x) mean += v;
        mean /= x.Length;
        foreach (float v in x) variance += (v - mean) * (v - mean);
        float scale = (float)(1 / Math.Sqrt(variance / x.Length + eps));
        for (int i = 0; i < x.Length; i++) y[i] = (float)(x[i] - mean) * scale * gain[i] + bias[i];
    }
}
