using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>nn.LSTMCell, gate order i, f, g, o.</summary>
public sealed class LstmCell(int inputSize, int hiddenSize, bool bias = true, RecurrentInit? init = null, Generator? generator = null)
    : RecurrentCell(GateKernel.Lstm, inputSize, hiddenSize, bias, init, generator);
