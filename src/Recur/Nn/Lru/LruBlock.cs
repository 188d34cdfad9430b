namespace Recur.Nn;

/// <summary>
/// One residual LRU block, the paper's (Orvieto et al. 2023, Fig. 1) with its GLU replaced by a plain linear layer:
/// u + dropout(Linear(GELU(LRU(LayerNorm(u))))), over (T, B, H). GELU is the tanh form,
/// ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (Hendrycks &amp; Gimpel 2016), PyTorch's <c>gelu(approximate='tanh')</c>.
/// Parameters <c>norm.*</c>, <c>lru.*</c>, <c>out.*</c>.
/// </summary>
public sealed class LruBlock : Module
{
    readonly float dropout;
    readonly Generator? generator;

    public LruBlock(int hiddenSize, int stateSize, float dropout = 0f, float rMin = 0f, float rMax = 1f, float maxPhase = 2 * MathF.PI, Generator? generator = null)
    {
        this.dropout = dropout; this.generator = generator;
        Norm = RegisterModule("norm", new LayerNorm(hiddenSize));
        Recurrence = RegisterModule("lru", new Lru(hiddenSize, stateSize, rMin, rMax, maxPhase, generator));
        Out = RegisterModule("out", new Linear(hiddenSize, hiddenSize, generator: generator));
    }

    public LayerNorm Norm { get; }

    public Lru Recurrence { get; }

    public Linear Out { get; }

    /// <summary>The block's output (T, B, H) and the LRU's last state (B, 2N).</summary>
    public (Tensor Output, Tensor State) Forward(Tensor u, Tensor? h0 = null)
    {
        var (y, state) = Recurrence.Forward(Norm.Forward(u), h0);
        return (u + Functional.Dropout(Out.Forward(Functional.Gelu(y, tanhApproximation: true)), dropout, Training, generator), state);
    }
}
