namespace Recur.Nn;

/// <summary>
/// Layer-normalised LSTM (Ba et al. 2016, §3.1 and appendix): the input and recurrent pre-activations are
/// normalised separately, and the cell state before its tanh,
/// a = LN(W_ih x; γ_ih) + LN(W_hh h_{t−1}; γ_hh) + b, (i, f, g, o) = (σ, σ, tanh, σ)(a),
/// c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh LN(c_t; γ_c, β_c).
/// Each gate's H pre-activations are normalised on their own (as TensorFlow's LayerNormBasicLSTMCell does), so
/// one gate's scale does not set another's. The paper's shifts β of the two projections add to b, so there is
/// one bias. Gate order i, f, g, o as nn.LSTMCell; gains start at 1, shifts at 0.
/// </summary>
public sealed class LayerNormLstmCell : SequenceCell
{
    public Tensor WeightIh { get; }
    public Tensor WeightHh { get; }
    public Tensor Bias { get; }
    /// <summary>Per-gate LayerNorm gains (4H) of the input and recurrent projections.</summary>
    public Tensor InputGain { get; }
    public Tensor HiddenGain { get; }
    /// <summary>LayerNorm gain and shift (H) of the cell state.</summary>
    public Tensor CellGain { get; }
    public Tensor CellShift { get; }
    public override bool HasCellState => true;

    public LayerNormLstmCell(int inputSize, int hiddenSize, RecurrentInit? init = null, Generator? generator = null) : base(inputSize, hiddenSize)
    {
        int G = 4 * hiddenSize;
        WeightIh = RegisterParameter("weight_ih", Tensor.Zeros(G, inputSize));
        WeightHh = RegisterParameter("weight_hh", Tensor.Zeros(G, hiddenSize));
        Bias = RegisterParameter("bias", Tensor.Zeros(G));
        InputGain = RegisterParameter("ln_ih_weight", Tensor.Ones(G));
        HiddenGain = RegisterParameter("ln_hh_weight", Tensor.Ones(G));
        CellGain = RegisterParameter("ln_c_weight", Tensor.Ones(hiddenSize));
        CellShift = RegisterParameter("ln_c_bias", Tensor.Zeros(hiddenSize));
        (init ?? RecurrentInit.Default).Apply(hiddenSize, 4, true, WeightIh, WeightHh, Bias, null, null, generator);
    }

    protected internal override RecurrentState Step(Tensor input, RecurrentState state, Tensor? recurrentMask)
    {
        var h = recurrentMask is null ? state.H : state.H * recurrentMask;
        var a = GateLayerNorm(input.MatMul(WeightIh.T), InputGain, 4) + GateLayerNorm(h.MatMul(WeightHh.T), HiddenGain, 4) + Bias;
        var gates = a.Chunk(4, 1); // 4 × (B, H)
        var c = gates[1].Sigmoid() * state.C! + gates[0].Sigmoid() * gates[2].Tanh();
        var next = gates[3].Sigmoid() * Functional.LayerNorm(c, CellGain, CellShift).Tanh();
        return new RecurrentState(next, c);
    }
}
