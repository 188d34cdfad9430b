namespace Recur.Nn;

/// <summary>
/// A stack of <see cref="LruBlock"/>s as an <see cref="ISequenceLayer"/>: a linear encoder I → H when I ≠ H
/// (<c>encoder.*</c>), then L residual blocks (<c>blocks.{l}.*</c>) over H; the output is the last block's, (T, B, H).
/// The state is each block's complex LRU state, (B, L, 2N), Re h then Im h per block.
/// </summary>
public sealed class LruNetwork : Module, ISequenceLayer
{
    /// <param name="stateSize">N, complex states per block (0: N = H).</param>
    public LruNetwork(int inputSize, int hiddenSize, int layers, float dropout = 0f, Generator? generator = null,
        int stateSize = 0, float rMin = 0f, float rMax = 1f, float maxPhase = 2 * MathF.PI)
    {
        if (inputSize < 1 || hiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"LruNetwork: input and hidden sizes must be positive, got {inputSize} and {hiddenSize}.");
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), layers, "LruNetwork needs at least one layer.");
        if (dropout is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must lie in [0, 1).");
        InputSize = inputSize; HiddenSize = hiddenSize; NumLayers = layers;
        StateSize = stateSize > 0 ? stateSize : hiddenSize;
        if (inputSize != hiddenSize) Encoder = RegisterModule("encoder", new Linear(inputSize, hiddenSize, generator: generator));
        Blocks = RegisterModule("blocks", new ModuleList<LruBlock>(Enumerable.Range(0, layers)
            .Select(_ => new LruBlock(hiddenSize, StateSize, dropout, rMin, rMax, maxPhase, generator))));
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int OutputSize => HiddenSize;

    public int NumLayers { get; }

    /// <summary>N, complex states per block.</summary>
    public int StateSize { get; }

    public Linear? Encoder { get; }

    public ModuleList<LruBlock> Blocks { get; }

    public SequenceState ZeroState(int batch) => new([Tensor.Zeros(batch, NumLayers, 2 * StateSize)]);

    public (Tensor Output, SequenceState State) Forward(Tensor input, SequenceState? state = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != InputSize || input.Shape[0] < 1)
            throw new ArgumentException($"LruNetwork reads (T ≥ 1, B, {InputSize}), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        state?.CheckShapes("LruNetwork", [input.Shape[1], NumLayers, 2 * StateSize]);
        var u = Encoder?.Forward(input) ?? input;
        var last = new Tensor[NumLayers];
        for (int l = 0; l < NumLayers; l++) (u, last[l]) = Blocks[l].Forward(u, state?.Tensors[0].Select(1, l));
        return (u, new SequenceState([Tensor.Stack(last, 1)]));
    }

    public ISequenceStepper CreateStepper(int batch = 1) => new LruStepper(this, batch);
}
