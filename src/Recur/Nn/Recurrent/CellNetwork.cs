namespace Recur.Nn;

/// <summary>
/// A stack of layers, optionally bidirectional, that scan any <see cref="SequenceCell"/> over time: the
/// layer-normalised and peephole variants get lengths, the reverse direction, stacking, dropout, residual
/// connections and checkpointing from the same code as <see cref="Lstm"/> and <see cref="Gru"/>
/// (<see cref="LayerStack"/>, <see cref="CheckpointedScan"/>). The cell of layer k and direction d is
/// <c>cell(k, inputSize)</c>, registered as <c>l{k}</c> or <c>l{k}_reverse</c> (so <c>l0.weight_ih</c>).
/// Shapes as <see cref="RecurrentNetwork.Forward"/>: input (T, B, I) or (B, T, I), output (…, D·H), states (layers·D, B, H).
/// </summary>
public sealed class CellNetwork : Module
{
    readonly SequenceCell[] cells;
    readonly Generator? generator;

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int NumLayers { get; }
    public bool BatchFirst { get; }
    public float DropoutProbability { get; }
    public bool Bidirectional { get; }
    public bool HasCellState { get; }
    public RecurrentOptions Options { get; }
    int Directions => Bidirectional ? 2 : 1;

    /// <param name="cell">Makes the cell of a layer (0-based) for its input size; called once per direction.</param>
    public CellNetwork(int inputSize, int numLayers, Func<int, int, SequenceCell> cell, bool batchFirst = false, float dropout = 0f,
        bool bidirectional = false, RecurrentOptions? options = null, Generator? generator = null)
    {
        if (numLayers <= 0) throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, "A recurrent network needs at least one layer.");
        if (dropout is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must lie in [0, 1).");
        (InputSize, NumLayers, BatchFirst, DropoutProbability, Bidirectional) = (inputSize, numLayers, batchFirst, dropout, bidirectional);
        Options = options ?? RecurrentOptions.None;
        if (Options.WeightDropout > 0)
            throw new ArgumentException("WeightDropout (DropConnect) applies to the fused Rnn, Lstm and Gru; a SequenceCell owns its weights.", nameof(options));
        this.generator = generator;
        cells = new SequenceCell[numLayers * Directions];
        for (int layer = 0; layer < numLayers; layer++)
            for (int dir = 0; dir < Directions; dir++)
            {
                int expected = layer == 0 ? inputSize : HiddenSize * Directions;
                var c = cell(layer, expected);
                if (layer == 0 && dir == 0) (HiddenSize, HasCellState) = (c.HiddenSize, c.HasCellState);
                if (c.InputSize != expected || c.HiddenSize != HiddenSize || c.HasCellState != HasCellState)
                    throw new ArgumentException($"Cell of layer {layer} takes {c.InputSize} inputs to {c.HiddenSize} units; layer {layer} needs {expected} inputs to {HiddenSize} units, of the same kind as layer 0.");
                cells[layer * Directions + dir] = RegisterModule($"l{layer}" + (dir == 1 ? "_reverse" : ""), c);
            }
        Options.Validate(numLayers, inputSize, HiddenSize * Directions);
    }

    /// <summary>As <see cref="RecurrentNetwork.Forward"/>: initial states default to zeros; lengths in 1..T per row.</summary>
    public (Tensor Output, RecurrentState State) Forward(Tensor input, RecurrentState? initial = null, int[]? lengths = null)
    {
        if (input.Rank != 3 || input.Size(2) != InputSize)
            throw new ArgumentException($"CellNetwork expects input of shape {(BatchFirst ? "(B, T, " : "(T, B, ")}{InputSize}), got {Tensor.ShapeString(input.Shape)}.");
        var x = BatchFirst ? input.Transpose(0, 1).Contiguous() : input;
        int T = x.Size(0), B = x.Size(1), layers = NumLayers * Directions;
        if (initial is RecurrentState s && (!s.H.Shape.SequenceEqual([layers, B, HiddenSize]) || HasCellState && s.C is not null && !s.C.Shape.SequenceEqual([layers, B, HiddenSize])))
            throw new ArgumentException($"CellNetwork: initial states must have shape ({layers}, {B}, {HiddenSize}).");
        if (lengths is not null) LayerStack.CheckLengths(lengths, T, B);

        var (y, state) = LayerStack.Forward(x, NumLayers, Directions,
            k => new RecurrentState(initial?.H.Select(0, k) ?? Tensor.Zeros(B, HiddenSize),
                HasCellState ? initial?.C?.Select(0, k) ?? Tensor.Zeros(B, HiddenSize) : null),
            (layer, dir, xs, start) => RunDirection(cells[layer * Directions + dir], dir == 1, xs, start, lengths),
            DropoutProbability, Options, Training, generator);
        return (BatchFirst ? y.Transpose(0, 1) : y, state);
    }

    (Tensor Output, RecurrentState Final) RunDirection(SequenceCell cell, bool reverse, Tensor x, RecurrentState initial, int[]? lengths)
    {
        var mask = Training && Options.StateDropout > 0
            ? Functional.DropoutMask([x.Size(1), HiddenSize], Options.StateDropout, generator ?? Generator.Default)
            : null;
        // The cell's parameters are leaves, so a checkpointed chunk may read them from the cell itself; they are
        // still passed along so that the chunk is recorded even when neither x nor the state needs a gradient.
        return CheckpointedScan.Run((xs, s, len, _) => StepScan.Run((xt, st) => cell.Step(xt, st, mask), xs, s, len, reverse),
            x, initial, lengths, reverse, cell.Parameters().ToArray(), Options.CheckpointEvery);
    }
}
