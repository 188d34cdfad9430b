using Recur.Nn;

namespace Recur.LanguageModels;

/// <summary>The recurrent layer of a model (language model, encoder, recogniser): Elman RNN (tanh), LSTM or GRU.</summary>
public enum CellKind { Rnn, Lstm, Gru }

/// <summary>Builds the <see cref="RecurrentNetwork"/> a <see cref="CellKind"/> names, written once for every model that picks its cell by setting.</summary>
public static class CellKindNetwork
{
    public static RecurrentNetwork Create(this CellKind cell, int inputSize, int hiddenSize, int layers, float dropout = 0f, bool bidirectional = false,
        Generator? generator = null) => cell switch
    {
        CellKind.Lstm => new Lstm(inputSize, hiddenSize, layers, dropout: dropout, bidirectional: bidirectional, generator: generator),
        CellKind.Gru => new Gru(inputSize, hiddenSize, layers, dropout: dropout, bidirectional: bidirectional, generator: generator),
        _ => new Rnn(inputSize, hiddenSize, layers, dropout: dropout, bidirectional: bidirectional, generator: generator),
    };
}
