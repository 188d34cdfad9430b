using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>
/// Multi-layer LSTM over sequences with PyTorch's nn.LSTM options, parameter names and equations (gate order
/// i, f, g, o; with <paramref name="projSize"/> &gt; 0 the hidden state is projected, h = W_hr·(o ⊙ tanh c); Sak et
/// al. 2014).
/// </summary>
public sealed class Lstm(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false,
    float dropout = 0f, bool bidirectional = false, int projSize = 0, RecurrentInit? init = null, Generator? generator = null,
    RecurrentOptions? options = null)
    : RecurrentNetwork(GateKernel.Lstm, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize, init, generator, options);
