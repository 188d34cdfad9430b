using Recur.Nn;

namespace Recur.LanguageModels;

/// <summary>
/// The sequence layer of a model, picked by setting: the classic recurrent cells (Elman RNN with tanh, LSTM, GRU)
/// and the layers that parallelise over time (a temporal convolutional network; the minimal gated recurrences
/// minGRU and minLSTM; the linear recurrent unit; the S4D and Mamba state-space models), and Bengio et al.'s
/// fixed window of the last n − 1 inputs (<see cref="NplmNetwork"/>), the feed-forward model that came before them all.
/// </summary>
public enum CellKind { Rnn, Lstm, Gru, Tcn, Mingru, Minlstm, Lru, S4d, Mamba, Nplm }

/// <summary>Builds the layer a <see cref="CellKind"/> names, written once for every model that picks its cell by setting.</summary>
public static class CellKindNetwork
{
    /// <summary>True for RNN, LSTM and GRU: the kinds a <see cref="RecurrentNetwork"/> runs (bidirectional, packed lengths, cell steps).</summary>
    public static bool IsRecurrent(this CellKind cell) => cell is CellKind.Rnn or CellKind.Lstm or CellKind.Gru;

    public static RecurrentNetwork Create(this CellKind cell, int inputSize, int hiddenSize, int layers, float dropout = 0f, bool bidirectional = false,
        Generator? generator = null, RecurrentOptions? options = null) => cell switch
    {
        CellKind.Rnn => new Rnn(inputSize, hiddenSize, layers, dropout: dropout, bidirectional: bidirectional, generator: generator, options: options),
        CellKind.Lstm => new Lstm(inputSize, hiddenSize, layers, dropout: dropout, bidirectional: bidirectional, generator: generator, options: options),
        CellKind.Gru => new Gru(inputSize, hiddenSize, layers, dropout: dropout, bidirectional: bidirectional, generator: generator, options: options),
        _ => throw new NotSupportedException($"A {cell.ToString().ToLowerInvariant()} layer is not a recurrent network (rnn, lstm or gru)."),
    };

    /// <summary>
    /// The unidirectional layer stack of <paramref name="layers"/> levels of <paramref name="hiddenSize"/> units that
    /// <paramref name="cell"/> names, reading <paramref name="inputSize"/> features; dropout between levels.
    /// </summary>
    /// <param name="options">Options of a recurrent network (RNN, LSTM, GRU); the other kinds take none.</param>
    /// <param name="context">An NPLM's window, n − 1 inputs (default <see cref="NplmNetwork.DefaultContext"/>); the other kinds take none.</param>
    /// <param name="directConnections">An NPLM's direct connections from the window to the output.</param>
    public static Module CreateSequenceLayer(this CellKind cell, int inputSize, int hiddenSize, int layers, float dropout = 0f, Generator? generator = null,
        RecurrentOptions? options = null, int? context = null, bool directConnections = false) => cell switch
    {
        _ when cell != CellKind.Nplm && (context is not null || directConnections) =>
            throw new ArgumentException($"A {cell.ToString().ToLowerInvariant()} layer has no context window or direct connections (an NPLM's).", nameof(context)),
        CellKind.Rnn or CellKind.Lstm or CellKind.Gru => cell.Create(inputSize, hiddenSize, layers, dropout, generator: generator, options: options),
        _ when options is not null && options != RecurrentOptions.None =>
            throw new ArgumentException($"A {cell.ToString().ToLowerInvariant()} layer takes no recurrent-network options.", nameof(options)),
        CellKind.Nplm => new NplmNetwork(inputSize, hiddenSize, layers, dropout, generator, context ?? NplmNetwork.DefaultContext, directConnections),
        CellKind.Tcn => new Tcn(inputSize, hiddenSize, layers, dropout, generator),
        CellKind.Mingru => new MinGruNetwork(inputSize, hiddenSize, layers, dropout, generator),
        CellKind.Minlstm => new MinLstmNetwork(inputSize, hiddenSize, layers, dropout, generator),
        CellKind.Lru => new LruNetwork(inputSize, hiddenSize, layers, dropout, generator),
        CellKind.S4d => new S4dNetwork(inputSize, hiddenSize, layers, dropout, generator),
        CellKind.Mamba => new MambaNetwork(inputSize, hiddenSize, layers, dropout, generator),
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown cell kind."),
    };

    /// <summary>The module name a model registers the layer under: <c>rnn</c> for the recurrent kinds (PyTorch's char-RNN naming), else the kind's name.</summary>
    public static string ModuleName(this CellKind cell) => cell.IsRecurrent() ? "rnn" : cell.ToString().ToLowerInvariant();
}
