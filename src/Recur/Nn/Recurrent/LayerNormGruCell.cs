namespace Recur.Nn;

/// <summary>
/// Layer-normalised GRU (Ba et al. 2016): nn.GRUCell's equations with each gate's input and recurrent
/// pre-activations normalised separately before their biases,
/// a = LN(W_ih x; γ_ih) + b_ih, u = LN(W_hh h_{t−1}; γ_hh) + b_hh, r = σ(a_r + u_r), z = σ(a_z + u_z),
/// n = tanh(a_n + r ⊙ u_n), h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.
/// Both biases stay because b_hn sits inside r ⊙ (…), as in PyTorch. Gate order r, z, n; gains start at 1.
/// </summary>
public sealed class LayerNormGruCell : SequenceCell
{
    public Tensor WeightIh { get; }
    public Tensor WeightHh { get; }
    public Tensor BiasIh { get; }
    public Tensor BiasHh { get; }
    /// <summary>Per-gate LayerNorm gains (3H) of the input and recurrent projections.</summary>
    public Tensor InputGain { get; }
    public Tensor HiddenGain { get; }
    public override bool HasCellState => false;

    public LayerNormGruCell(int inputSize, int hiddenSize, RecurrentInit? init = null, Generator? generator = null) : base(inputSize, hiddenSize)
    {
        int G = 3 * hiddenSize;
        WeightIh = RegisterParameter("weight_ih", Tensor.Zeros(G, inputSize));
        WeightHh = RegisterParameter("weight_hh", Tensor.Zeros(G, hiddenSize));
        BiasIh = RegisterParameter("bias_ih", Tensor.Zeros(G));
        BiasHh = RegisterParameter("bias_hh", Tensor.Zeros(G));
        InputGain = RegisterParameter("ln_ih_weight", Tensor.Ones(G));
        HiddenGain = RegisterParameter("ln_hh_weight", Tensor.Ones(G));
        (init ?? RecurrentInit.Default).Apply(hiddenSize, 3, false, WeightIh, WeightHh, BiasIh, BiasHh, null, generator);
    }

    protected internal override RecurrentState Step(Tensor input, RecurrentState state, Tensor? recurrentMask)
    {
        var h = recurrentMask is null ? state.H : state.H * recurrentMask;
        var a = (GateLayerNorm(input.MatMul(WeightIh.T), InputGain, 3) + BiasIh).Chunk(3, 1); // 3 × (B, H)
        var u = (GateLayerNorm(h.MatMul(WeightHh.T), HiddenGain, 3) + BiasHh).Chunk(3, 1);
        var r = (a[0] + u[0]).Sigmoid();
        var z = (a[1] + u[1]).Sigmoid();
        var n = (a[2] + r * u[2]).Tanh();
        return new RecurrentState((1f - z) * n + z * state.H);
    }
}
