namespace Recur.Nn;

/// <summary>
/// A stack of S4D layers as a sequence-model body, the prenorm residual model of the S4D example (Gu et al. 2022):
/// a linear encoder I → H (<c>encoder</c>), then per layer x = x + S4D(LayerNorm(x)) (<c>norms.i</c>,
/// <c>s4_layers.i</c>, each layer GELU → dropout → 1×1 conv + GLU inside), and a final LayerNorm (<c>norm</c>).
/// Input (T, B, I), output (T, B, H). The carried state is every layer's modal state, (B, layers, H·N), each
/// channel's N/2 complex modes as (re, im) pairs; the stepper runs the recurrence x_t = dA·x_{t−1} + dB·u_t.
/// </summary>
public sealed class S4dNetwork : Module, ISequenceLayer
{
    readonly Linear encoder;
    readonly S4d[] blocks;
    readonly LayerNorm[] norms;
    readonly LayerNorm norm;

    public S4dNetwork(int inputSize, int hiddenSize, int layers, float dropout = 0f, Generator? generator = null, int stateSize = 64,
        S4dInit init = S4dInit.Lin, float dtMin = 0.001f, float dtMax = 0.1f)
    {
        if (inputSize < 1 || hiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"S4dNetwork needs positive sizes, got input {inputSize} and hidden {hiddenSize}.");
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), layers, "S4dNetwork needs at least one layer.");
        InputSize = inputSize;
        OutputSize = hiddenSize;
        encoder = RegisterModule("encoder", new Linear(inputSize, hiddenSize, generator: generator));
        blocks = new S4d[layers];
        norms = new LayerNorm[layers];
        for (int i = 0; i < layers; i++)
        {
            blocks[i] = new S4d(hiddenSize, stateSize, init, dropout, generator, dtMin, dtMax);
            norms[i] = new LayerNorm(hiddenSize);
        }
        RegisterModule("s4_layers", new Sequential(blocks));
        RegisterModule("norms", new Sequential(norms));
        norm = RegisterModule("norm", new LayerNorm(hiddenSize));
    }

    public int InputSize { get; }

    /// <summary>H, the model width.</summary>
    public int OutputSize { get; }

    public int NumLayers => blocks.Length;

    /// <summary>N, real floats of state per channel and layer.</summary>
    public int StateSize => blocks[0].StateSize;

    public IReadOnlyList<S4d> Layers => blocks;

    internal Linear Encoder => encoder;

    internal IReadOnlyList<LayerNorm> Norms => norms;

    internal LayerNorm FinalNorm => norm;

    public SequenceState ZeroState(int batch) => new([Tensor.Zeros(batch, NumLayers, OutputSize * StateSize)]);


    public (Tensor Output, SequenceState State) Forward(Tensor input, SequenceState? state = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != InputSize)
            throw new ArgumentException($"S4dNetwork expects input (T, B, I {InputSize}), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        int batch = input.Shape[1];
        state?.CheckShapes(nameof(S4dNetwork), [batch, NumLayers, OutputSize * StateSize]);
        var x = encoder.Forward(input);                                               // (T, B, H)
        var next = new Tensor[NumLayers];
        for (int i = 0; i < NumLayers; i++)
        {
            var carried = state?.Tensors[0].Select(1, i).Reshape(batch, OutputSize, StateSize);
            var (z, s) = blocks[i].Forward(norms[i].Forward(x), carried);
            x = x + z;
            next[i] = s.Reshape(batch, OutputSize * StateSize);
        }
        return (norm.Forward(x), new SequenceState([Tensor.Stack(next, 1)]));
    }

    /// <summary>A stepper over a snapshot of the current weights (take a new one after training further).</summary>
    public ISequenceStepper CreateStepper(int batch = 1) => new S4dStepper(this, batch);
}
