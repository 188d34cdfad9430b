namespace Recur.Nn;

/// <summary>
/// A stack of Mamba blocks as a sequence-model body, mamba's <c>MixerModel</c> without the embedding (fused_add_norm
/// off): an input projection I → d_model when the sizes differ, then per layer h ← h + dropout(Mamba(norm(h))) with a
/// pre-norm (RMSNorm or LayerNorm), and a final norm. Time-major (T, B, I) → (T, B, d_model). Parameter names are
/// the reference's: <c>layers.{i}.norm.weight</c>, <c>layers.{i}.mixer.in_proj.weight</c>, …, <c>norm_f.weight</c>
/// (plus <c>input_proj</c> when I ≠ d_model). As the reference's <c>_init_weights</c> with rescale_prenorm_residual,
/// each out_proj weight is divided by √layers, so the residual stream's variance does not grow with depth.
/// <para>
/// The carried <see cref="SequenceState"/> holds two tensors per layer, in layer order: the conv state
/// (B, d_inner, d_conv − 1), the last inputs to the convolution, and the SSM state (B, d_inner, d_state).
/// </para>
/// </summary>
public sealed class MambaNetwork : Module, ISequenceLayer
{
    readonly Linear? inputProj;
    readonly (IUnaryModule Norm, Mamba Mixer)[] blocks;
    readonly IUnaryModule finalNorm;
    readonly Generator generator;

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int OutputSize => HiddenSize;
    public int NumLayers { get; }
    public float Dropout { get; }
    public bool RmsNorm { get; }

    /// <param name="hiddenSize">d_model.</param>
    /// <param name="dropout">Applied to each block's output before the residual add, in training.</param>
    /// <param name="rmsNorm">RMSNorm (mamba's MambaConfig default) rather than LayerNorm before each block and at the end.</param>
    public MambaNetwork(int inputSize, int hiddenSize, int layers, float dropout = 0f, Generator? generator = null,
        int stateSize = 16, int convWidth = 4, int expand = 2, bool rmsNorm = true, float normEps = 1e-5f)
    {
        if (inputSize < 1 || hiddenSize < 1 || layers < 1)
            throw new ArgumentOutOfRangeException(nameof(layers), $"MambaNetwork needs positive sizes; got input {inputSize}, hidden {hiddenSize}, layers {layers}.");
        if (dropout is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must lie in [0, 1).");
        this.generator = generator ?? Generator.Default;
        InputSize = inputSize; HiddenSize = hiddenSize; NumLayers = layers; Dropout = dropout; RmsNorm = rmsNorm;
        if (inputSize != hiddenSize) inputProj = RegisterModule("input_proj", new Linear(inputSize, hiddenSize, generator: this.generator));
        var list = RegisterModule("layers", new Blocks());
        blocks = new (IUnaryModule, Mamba)[layers];
        for (int i = 0; i < layers; i++)
        {
            var norm = Norm(hiddenSize, rmsNorm, normEps);
            var mixer = new Mamba(hiddenSize, stateSize, convWidth, expand, generator: this.generator);
            var outWeight = mixer.OutProj.Weight.AsSpan();
            float scale = 1f / MathF.Sqrt(layers);
            for (int k = 0; k < outWeight.Length; k++) outWeight[k] *= scale;
            list.Add(i, (Module)norm, mixer);
            blocks[i] = (norm, mixer);
        }
        finalNorm = Norm(hiddenSize, rmsNorm, normEps);
        RegisterModule("norm_f", (Module)finalNorm);
    }

    static IUnaryModule Norm(int size, bool rms, float eps) => rms ? new RmsNorm(size, eps) : new LayerNorm(size, eps);

    internal Linear? InputProjection => inputProj;
    internal IReadOnlyList<(IUnaryModule Norm, Mamba Mixer)> Layers => blocks;
    internal IUnaryModule FinalNorm => finalNorm;

    int[][] StateShapes(int batch)
    {
        var m = blocks[0].Mixer;
        var shapes = new int[2 * NumLayers][];
        for (int i = 0; i < NumLayers; i++)
        {
            shapes[2 * i] = [batch, m.InnerSize, m.ConvWidth - 1];
            shapes[2 * i + 1] = [batch, m.InnerSize, m.StateSize];
        }
        return shapes;
    }

    public SequenceState ZeroState(int batch) => new(Array.ConvertAll(StateShapes(batch), s => Tensor.Zeros(s)));

    public (Tensor Output, SequenceState State) Forward(Tensor input, SequenceState? state = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != InputSize)
            throw new ArgumentException($"MambaNetwork expects input (T, B, {InputSize}), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        state?.CheckShapes(nameof(MambaNetwork), StateShapes(input.Shape[1]));
        var h = inputProj?.Forward(input) ?? input;
        var carried = new Tensor[2 * NumLayers];
        for (int i = 0; i < NumLayers; i++)
        {
            var (norm, mixer) = blocks[i];
            var (y, conv, ssm) = mixer.Forward(norm.Forward(h), state?.Tensors[2 * i], state?.Tensors[2 * i + 1]);
            h = h + Functional.Dropout(y, Dropout, Training, generator);
            carried[2 * i] = conv;
            carried[2 * i + 1] = ssm;
        }
        return (finalNorm.Forward(h), new SequenceState(carried));
    }

    public ISequenceStepper CreateStepper(int batch = 1) => new MambaStepper(this, batch);

    /// <summary>The <c>layers</c> container: blocks named "0", "1", …, each with <c>norm</c> and <c>mixer</c>.</summary>
    sealed class Blocks : Module
    {
        public void Add(int index, Module norm, Mamba mixer) =>
            RegisterModule(index.ToString(System.Globalization.CultureInfo.InvariantCulture), new Block(norm, mixer));
    }

    sealed class Block : Module
    {
        public Block(Module norm, Mamba mixer)
        {
            RegisterModule("norm", norm);
            RegisterModule("mixer", mixer);
        }
    }
}
