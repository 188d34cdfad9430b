namespace Recur.Nn;

/// <summary>
/// minGRU (Feng et al. 2024, §3.1): z_t = σ(Linear_z x_t), h̃_t = g(Linear_h x_t), h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ h̃_t,
/// trained as log a = log σ(−k_z), log b = log σ(k_z) + log g(k_h). Parameters <c>linear_z.*</c>, <c>linear_h.*</c>.
/// </summary>
public sealed class MinGru : MinRnnLayer
{
    public MinGru(int inputSize, int hiddenSize, Generator? generator = null) : base(inputSize, hiddenSize)
    {
        LinearZ = RegisterModule("linear_z", new Linear(inputSize, hiddenSize, generator: generator));
        LinearH = RegisterModule("linear_h", new Linear(inputSize, hiddenSize, generator: generator));
        Projections = [LinearZ, LinearH];
    }

    public Linear LinearZ { get; }

    public Linear LinearH { get; }

    protected override (Tensor LogA, Tensor LogB) LogCoefficients(Tensor x)
    {
        var k = LinearZ.Forward(x);
        return ((-k).LogSigmoid(), k.LogSigmoid() + LogG(LinearH.Forward(x)));
    }

    internal override void StepRow(ReadOnlySpan<float> k, Span<float> h)
    {
        int n = h.Length;
        for (int j = 0; j < n; j++)
        {
            float z = 1f / (1f + MathF.Exp(-k[j]));
            h[j] = (1f - z) * h[j] + z * G(k[n + j]);
        }
    }
}
