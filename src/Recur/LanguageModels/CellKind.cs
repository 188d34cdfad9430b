namespace Recur.LanguageModels;

/// <summary>The recurrent layer of a <see cref="CharLanguageModel"/>: Elman RNN (tanh), LSTM or GRU.</summary>
public enum CellKind { Rnn, Lstm, Gru }
