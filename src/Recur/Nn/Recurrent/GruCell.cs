using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>nn.GRUCell, gate order r, z, n, with n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).</summary>
public sealed class GruCell(int inputSize, int hiddenSize, bool bias = true, RecurrentInit? init = null, Generator? generator = null)
    : RecurrentCell(GateKernel.Gru, inputSize, hiddenSize, bias, init, generator);
