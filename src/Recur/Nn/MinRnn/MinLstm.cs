namespace Recur.Nn;

/// <summary>
/// minLSTM (Feng et al. 2024, §3.2): f_t = σ(Linear_f x_t), i_t = σ(Linear_i x_t), normalised f' = f/(f + i),
/// i' = i/(f + i), h̃_t = g(Linear_h x_t), h_t = f' ⊙ h_{t−1} + i' ⊙ h̃_t. In log space, with
/// d = softplus(−k_f) − softplus(−k_i) = log i − log f: log f' = −softplus(d), log i' = −softplus(−d) (the paper's
/// appendix). Parameters <c>linear_f.*</c>, <c>linear_i.*</c>, <c>linear_h.*</c>.
/// </summary>
public sealed class MinLstm : MinRnnLayer
{
    public MinLstm(int inputSize, int hiddenSize, Generator? generator = null) : base(inputSize, hiddenSize)
    {
        LinearF = RegisterModule("linear_f", new Linear(inputSize, hiddenSize, generator: generator));
        LinearI = RegisterModule("linear_i", new Linear(inputSize, hiddenSize, generator: generator));
        LinearH = RegisterModule("linear_h", new Linear(inputSize, hiddenSize, generator: generator));
        Projections = [LinearF, LinearI, LinearH];
    }

    public Linear LinearF { get; }

    public Linear LinearI { get; }

    public Linear LinearH { get; }

    protected override (Tensor LogA, Tensor LogB) LogCoefficients(Tensor x)
    {
        var d = (-LinearF.Forward(x)).Softplus() - (-LinearI.Forward(x)).Softplus();
        return (-d.Softplus(), -(-d).Softplus() + LogG(LinearH.Forward(x)));
    }

    internal override void StepRow(ReadOnlySpan<float> k, Span<float> h)
    {
        int n = h.Length;
        for (int j = 0; j < n; j++)
        {
            float f = 1f / (1f + MathF.Exp(-k[j])), i = 1f / (1f + MathF.Exp(-k[n + j]));
            h[j] = (f * h[j] + i * G(k[2 * n + j])) / (f + i);
        }
    }
}
