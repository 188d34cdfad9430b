namespace Recur.Nn;

/// <summary>
/// A stack of minimal-RNN layers (<see cref="MinGru"/> or <see cref="MinLstm"/>) as an <see cref="ISequenceLayer"/>:
/// layer 0 maps I → H, the others H → H. The block is the simplest that trains deep: u_{l+1} = dropout(h_l + u_l)
/// where the shapes allow the residual (every layer but a first with I ≠ H), dropout only between layers (Feng et al.
/// stack theirs with residuals and normalisation; the normalisation is left to the caller's model). The state is
/// each layer's last h, (B, L, H); the stepper keeps it as L·H floats per row and runs the plain recurrence.
/// </summary>
public abstract class MinRnnNetwork : Module, ISequenceLayer
{
    readonly float dropout;
    readonly Generator? generator;

    private protected MinRnnNetwork(int inputSize, int hiddenSize, int layers, float dropout, Generator? generator, Func<int, MinRnnLayer> create)
    {
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), layers, $"{GetType().Name} needs at least one layer.");
        if (dropout is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must lie in [0, 1).");
        InputSize = inputSize; HiddenSize = hiddenSize; NumLayers = layers;
        this.dropout = dropout; this.generator = generator;
        Layers = RegisterModule("layers", new ModuleList<MinRnnLayer>(Enumerable.Range(0, layers).Select(create)));
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int OutputSize => HiddenSize;

    public int NumLayers { get; }

    public ModuleList<MinRnnLayer> Layers { get; }

    public SequenceState ZeroState(int batch) => new([Tensor.Zeros(batch, NumLayers, HiddenSize)]);

    public (Tensor Output, SequenceState State) Forward(Tensor input, SequenceState? state = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != InputSize || input.Shape[0] < 1)
            throw new ArgumentException($"{GetType().Name} reads (T ≥ 1, B, {InputSize}), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        int batch = input.Shape[1], steps = input.Shape[0];
        state?.CheckShapes(GetType().Name, [batch, NumLayers, HiddenSize]);
        var u = input;
        var last = new Tensor[NumLayers];
        for (int l = 0; l < NumLayers; l++)
        {
            var h = Layers[l].Forward(u, state?.Tensors[0].Select(1, l)); // (T, B, H)
            last[l] = h.Select(0, steps - 1);
            var o = u.Shape[2] == HiddenSize ? h + u : h;
            u = l < NumLayers - 1 ? Functional.Dropout(o, dropout, Training, generator) : o;
        }
        return (u, new SequenceState([Tensor.Stack(last, 1)]));
    }

    public ISequenceStepper CreateStepper(int batch = 1) => new MinRnnStepper(this, batch);
}

/// <summary>A stack of <see cref="MinGru"/> layers (see <see cref="MinRnnNetwork"/>); parameters <c>layers.{l}.linear_z.*</c>, <c>layers.{l}.linear_h.*</c>.</summary>
public sealed class MinGruNetwork(int inputSize, int hiddenSize, int layers, float dropout = 0f, Generator? generator = null)
    : MinRnnNetwork(inputSize, hiddenSize, layers, dropout, generator, l => new MinGru(l == 0 ? inputSize : hiddenSize, hiddenSize, generator));

/// <summary>A stack of <see cref="MinLstm"/> layers (see <see cref="MinRnnNetwork"/>); parameters <c>layers.{l}.linear_{f,i,h}.*</c>.</summary>
public sealed class MinLstmNetwork(int inputSize, int hiddenSize, int layers, float dropout = 0f, Generator? generator = null)
    : MinRnnNetwork(inputSize, hiddenSize, layers, dropout, generator, l => new MinLstm(l == 0 ? inputSize : hiddenSize, hiddenSize, generator));
