using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>Multi-layer GRU over sequences (Cho et al. 2014) with PyTorch's nn.GRU options, names and equations.</summary>
public sealed class Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false,
    float dropout = 0f, bool bidirectional = false, RecurrentInit? init = null, Generator? generator = null,
    RecurrentOptions? options = null)
    : RecurrentNetwork(GateKernel.Gru, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, init, generator, options);
