using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>nn.RNNCell: h' = act(W_ih x + b_ih + W_hh h + b_hh).</summary>
public sealed class RnnCell(int inputSize, int hiddenSize, bool bias = true, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh,
    RecurrentInit? init = null, Generator? generator = null)
    : RecurrentCell(nonlinearity == RnnNonlinearity.Relu ? GateKernel.RnnRelu : GateKernel.RnnTanh, inputSize, hiddenSize, bias, init, generator);
