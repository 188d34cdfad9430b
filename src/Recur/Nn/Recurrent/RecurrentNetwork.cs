using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>
/// A stack of recurrent layers, optionally bidirectional, over a whole sequence, shared by <see cref="Rnn"/>,
/// <see cref="Lstm"/> and <see cref="Gru"/>; the stacking itself is <see cref="LayerStack"/>, shared with
/// <see cref="CellNetwork"/>. Each (layer, direction) is one fused scan (see <c>RecurrentScan</c>); the reverse direction is the same scan
/// walking time backwards, its outputs already in time order, concatenated with the forward ones on the feature
/// axis (as PyTorch and Flax's <c>Bidirectional</c> do). Dropout applies to every layer's output but the last.
/// Parameter names and order are PyTorch's: weight_ih_l{k}[_reverse], weight_hh_…, bias_ih_…, bias_hh_…, weight_hr_….
/// </summary>
public abstract partial class RecurrentNetwork : Module
{
    readonly GateKernel kernel;
    readonly RecurrentWeights[] weights;
    readonly Generator? generator;

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int NumLayers { get; }
    public bool BatchFirst { get; }
    public float DropoutProbability { get; }
    public bool Bidirectional { get; }
    /// <summary>Size of the hidden state each direction outputs: proj_size for a projected LSTM, else HiddenSize.</summary>
    public int OutputSize { get; }
    /// <summary>Options beyond PyTorch's (residual connections, variational dropout, DropConnect, checkpointing).</summary>
    public RecurrentOptions Options { get; }
    int Directions => Bidirectional ? 2 : 1;

    private protected RecurrentNetwork(GateKernel kernel, int inputSize, int hiddenSize, int numLayers, bool bias, bool batchFirst,
        float dropout, bool bidirectional, int projSize, RecurrentInit? init, Generator? generator, RecurrentOptions? options = null)
    {
        if (inputSize <= 0 || hiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenSize), "Input and hidden sizes must be positive.");
        if (numLayers <= 0) throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, "A recurrent network needs at least one layer.");
        if (dropout is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must lie in [0, 1).");
        if (projSize < 0 || projSize >= hiddenSize && projSize != 0)
            throw new ArgumentOutOfRangeException(nameof(projSize), projSize, "proj_size must be 0 or smaller than hidden_size.");
        this.kernel = kernel;
        this.generator = generator;
        (InputSize, HiddenSize, NumLayers, BatchFirst, DropoutProbability, Bidirectional) = (inputSize, hiddenSize, numLayers, batchFirst, dropout, bidirectional);
        OutputSize = projSize > 0 ? projSize : hiddenSize;
        Options = options ?? RecurrentOptions.None;
        Options.Validate(numLayers, inputSize, OutputSize * Directions);
        init ??= RecurrentInit.Default;
        int G = kernel.Gates * hiddenSize;
        weights = new RecurrentWeights[numLayers * Directions];
        for (int layer = 0; layer < numLayers; layer++)
            for (int dir = 0; dir < Directions; dir++)
            {
                string suffix = $"_l{layer}" + (dir == 1 ? "_reverse" : "");
                int layerInput = layer == 0 ? inputSize : OutputSize * Directions;
                var wih = RegisterParameter("weight_ih" + suffix, Tensor.Zeros(G, layerInput));
                var whh = RegisterParameter("weight_hh" + suffix, Tensor.Zeros(G, OutputSize));
                var bih = bias ? RegisterParameter("bias_ih" + suffix, Tensor.Zeros(G)) : null;
                var bhh = bias ? RegisterParameter("bias_hh" + suffix, Tensor.Zeros(G)) : null;
                var whr = projSize > 0 ? RegisterParameter("weight_hr" + suffix, Tensor.Zeros(projSize, hiddenSize)) : null;
                (Options.LayerInit?.Invoke(layer) ?? init).Apply(hiddenSize, kernel.Gates, kernel.HasCellState, wih, whh, bih, bhh, whr, generator);
                weights[layer * Directions + dir] = new RecurrentWeights(wih, whh, bih, bhh, whr);
            }
    }

    /// <summary>
    /// Runs the network over <paramref name="input"/>, (T, B, I), or (B, T, I) when batch-first. Initial states
    /// default to zeros. With <paramref name="lengths"/> (one per batch row, 1 ≤ len ≤ T) row b is read only for
    /// t &lt; len[b]: its output is zero beyond, its final state is the one at len[b] − 1, and the reverse direction
    /// starts at len[b] − 1, as with PyTorch's pack_padded_sequence. Returns the output, (T, B, D·P) or
    /// (B, T, D·P), and the final states (layers·D, B, P) [and (layers·D, B, H)].
    /// </summary>
    public (Tensor Output, RecurrentState State) Forward(Tensor input, RecurrentState? initial = null, int[]? lengths = null)
    {
        if (input.Rank != 3 || input.Size(2) != InputSize)
            throw new ArgumentException($"{GetType().Name} expects input of shape {(BatchFirst ? "(B, T, " : "(T, B, ")}{InputSize}), got {Tensor.ShapeString(input.Shape)}.");
        var x = BatchFirst ? input.Transpose(0, 1).Contiguous() : input;
        int T = x.Size(0), B = x.Size(1), layers = NumLayers * Directions;
        CheckState(initial, layers, B);
        if (lengths is not null) LayerStack.CheckLengths(lengths, T, B);

        var (y, state) = LayerStack.Forward(x, NumLayers, Directions,
            k => new RecurrentState(initial?.H.Select(0, k) ?? Tensor.Zeros(B, OutputSize),
                kernel.HasCellState ? initial?.C?.Select(0, k) ?? Tensor.Zeros(B, HiddenSize) : null),
            (layer, dir, input, start) => RunDirection(layer, dir, input, start, lengths),
            DropoutProbability, Options, Training, generator);
        return (BatchFirst ? y.Transpose(0, 1) : y, state);
    }

    /// <summary>
    /// An allocation-free single-step runner for <paramref name="batch"/> rows without gradients (streaming
    /// inference). Unidirectional networks only: the reverse direction needs the whole sequence.
    /// </summary>
    public NetworkStepper CreateStepper(int batch = 1)
    {
        if (Bidirectional) throw new InvalidOperationException($"A bidirectional {GetType().Name} cannot run step by step: its reverse direction reads the sequence from the end.");
        if (Options.ResidualFrom is not null) throw new NotSupportedException($"The streaming stepper does not add residual connections (RecurrentOptions.ResidualFrom).");
        return new NetworkStepper(weights.Select(w => new CellStepper(kernel, w, batch)).ToArray(), batch);
    }

    void CheckState(RecurrentState? initial, int layers, int batch)
    {
        if (initial is not RecurrentState s) return;
        if (!s.H.Shape.SequenceEqual([layers, batch, OutputSize]))
            throw new ArgumentException($"{GetType().Name}: initial H must have shape ({layers}, {batch}, {OutputSize}), got {Tensor.ShapeString(s.H.Shape)}.");
        if (kernel.HasCellState && s.C is not null && !s.C.Shape.SequenceEqual([layers, batch, HiddenSize]))
            throw new ArgumentException($"{GetType().Name}: initial C must have shape ({layers}, {batch}, {HiddenSize}), got {Tensor.ShapeString(s.C.Shape)}.");
    }
}
