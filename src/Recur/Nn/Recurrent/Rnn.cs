using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>The activation of an Elman RNN.</summary>
public enum RnnNonlinearity { Tanh, Relu }

/// <summary>Multi-layer Elman RNN, h' = act(W_ih x + b_ih + W_hh h + b_hh), with PyTorch's nn.RNN options and names.</summary>
public sealed class Rnn(int inputSize, int hiddenSize, int numLayers = 1, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh,
    bool bias = true, bool batchFirst = false, float dropout = 0f, bool bidirectional = false, RecurrentInit? init = null, Generator? generator = null,
    RecurrentOptions? options = null)
    : RecurrentNetwork(nonlinearity == RnnNonlinearity.Relu ? GateKernel.RnnRelu : GateKernel.RnnTanh,
        inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, init, generator, options)
{
    public RnnNonlinearity Nonlinearity { get; } = nonlinearity;
}
