namespace Recur.Nn;

/// <summary>
/// LSTM with peephole connections (Gers &amp; Schmidhuber 2000, in Graves 2013's form): the input and forget gates
/// see c_{t−1}, the output gate sees c_t, through diagonal weights:
/// i = σ(W_i·[x, h] + b_i + w_ci ⊙ c_{t−1}), f = σ(W_f·[x, h] + b_f + w_cf ⊙ c_{t−1}), g = tanh(W_g·[x, h] + b_g),
/// c_t = f ⊙ c_{t−1} + i ⊙ g, o = σ(W_o·[x, h] + b_o + w_co ⊙ c_t), h_t = o ⊙ tanh c_t.
/// Gate order and the other names are nn.LSTMCell's; with zero peephole weights it is nn.LSTMCell.
/// </summary>
public sealed class PeepholeLstmCell : SequenceCell
{
    public Tensor WeightIh { get; }
    public Tensor WeightHh { get; }
    public Tensor BiasIh { get; }
    public Tensor BiasHh { get; }
    /// <summary>Diagonal peephole weights (H) into the input, forget and output gates.</summary>
    public Tensor WeightCi { get; }
    public Tensor WeightCf { get; }
    public Tensor WeightCo { get; }
    public override bool HasCellState => true;

    public PeepholeLstmCell(int inputSize, int hiddenSize, RecurrentInit? init = null, Generator? generator = null) : base(inputSize, hiddenSize)
    {
        int G = 4 * hiddenSize;
        WeightIh = RegisterParameter("weight_ih", Tensor.Zeros(G, inputSize));
        WeightHh = RegisterParameter("weight_hh", Tensor.Zeros(G, hiddenSize));
        BiasIh = RegisterParameter("bias_ih", Tensor.Zeros(G));
        BiasHh = RegisterParameter("bias_hh", Tensor.Zeros(G));
        WeightCi = RegisterParameter("weight_ci", Tensor.Zeros(hiddenSize));
        WeightCf = RegisterParameter("weight_cf", Tensor.Zeros(hiddenSize));
        WeightCo = RegisterParameter("weight_co", Tensor.Zeros(hiddenSize));
        (init ?? RecurrentInit.Default).Apply(hiddenSize, 4, true, WeightIh, WeightHh, BiasIh, BiasHh, null, generator);
        float bound = 1f / MathF.Sqrt(hiddenSize);
        foreach (var p in new[] { WeightCi, WeightCf, WeightCo }) Init.Uniform(p, -bound, bound, generator);
    }

    protected internal override RecurrentState Step(Tensor input, RecurrentState state, Tensor? recurrentMask)
    {
        var h = recurrentMask is null ? state.H : state.H * recurrentMask;
        var c = state.C!;
        var gates = (Functional.Linear(input, WeightIh, BiasIh) + Functional.Linear(h, WeightHh, BiasHh)).Chunk(4, 1); // 4 × (B, H)
        var i = (gates[0] + WeightCi * c).Sigmoid();
        var f = (gates[1] + WeightCf * c).Sigmoid();
        var next = f * c + i * gates[2].Tanh();
        var o = (gates[3] + WeightCo * next).Sigmoid();
        return new RecurrentState(o * next.Tanh(), next);
    }
}
