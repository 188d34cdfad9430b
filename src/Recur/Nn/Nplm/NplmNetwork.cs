namespace Recur.Nn;

/// <summary>
/// The body of Bengio et al. (2003)'s neural probabilistic language model as an <see cref="ISequenceLayer"/>: output t
/// reads the window x = [u_{t−n+2}; …; u_t] of the last n − 1 = <see cref="Context"/> inputs (oldest first) through
/// tanh layers, h = tanh(d + H·x) (eq. 1), stacked when <c>layers</c> &gt; 1 with dropout between them. With
/// <see cref="DirectConnections"/> the output is [h; x], so that a linear output layer on it computes eq. 1's
/// y = b + W·x + U·h with [U W] as its one weight matrix. Read over a stream this is a causal convolution of width
/// n − 1 with a tanh, so truncated BPTT over contiguous chunks trains it like any other layer here: the carried
/// state is the last n − 2 inputs, (B, n − 2, I), and the first window of a stream starts from zeros. Parameters
/// <c>hidden.{l}.weight</c> (H, (n − 1)·I for l = 0, column j·I + i holding input i of the j-th oldest word) and
/// <c>hidden.{l}.bias</c> (d).
/// </summary>
public sealed class NplmNetwork : Module, ISequenceLayer
{
    /// <summary>Words of context when none is given: Bengio et al.'s best models on the Brown corpus read 4 (n = 5).</summary>
    public const int DefaultContext = 4;

    readonly float dropout;
    readonly Generator? generator;

    public NplmNetwork(int inputSize, int hiddenSize, int layers, float dropout = 0f, Generator? generator = null,
        int context = DefaultContext, bool directConnections = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(context, 1);
        if (dropout is < 0f or >= 1f || float.IsNaN(dropout)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must lie in [0, 1).");
        (InputSize, HiddenSize, Context, DirectConnections, this.dropout, this.generator) = (inputSize, hiddenSize, context, directConnections, dropout, generator);
        Hidden = RegisterModule("hidden", new ModuleList<Linear>(Enumerable.Range(0, layers)
            .Select(l => new Linear(l == 0 ? context * inputSize : hiddenSize, hiddenSize, generator: generator))));
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>Inputs each output reads: n − 1 for an n-gram model.</summary>
    public int Context { get; }

    /// <summary>Whether the window itself is passed on beside the hidden units (eq. 1's W term).</summary>
    public bool DirectConnections { get; }

    /// <summary>H, or H + (n − 1)·I with direct connections.</summary>
    public int OutputSize => HiddenSize + (DirectConnections ? Context * InputSize : 0);

    public ModuleList<Linear> Hidden { get; }

    public SequenceState ZeroState(int batch) =>
        Context == 1 ? SequenceState.Empty : new([Tensor.Zeros(batch, Context - 1, InputSize)]);

    public (Tensor Output, SequenceState State) Forward(Tensor input, SequenceState? state = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != InputSize || input.Shape[0] < 1)
            throw new ArgumentException($"{nameof(NplmNetwork)} reads (T ≥ 1, B, {InputSize}), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        int steps = input.Shape[0], batch = input.Shape[1], history = Context - 1;
        if (history == 0)
        {
            state?.CheckShapes(nameof(NplmNetwork));
            return (Body(input), SequenceState.Empty);
        }
        state?.CheckShapes(nameof(NplmNetwork), [batch, history, InputSize]);
        var before = state?.Tensors[0] ?? Tensor.Zeros(batch, history, InputSize);
        var padded = Tensor.Concat([before.Transpose(0, 1), input], 0);                    // (n − 2 + T, B, I)
        var window = Tensor.Concat(Enumerable.Range(0, Context).Select(j => padded.Narrow(0, j, steps)).ToArray(), 2); // (T, B, (n − 1)·I)
        var carried = padded.Narrow(0, steps, history).Transpose(0, 1).Contiguous();        // the last n − 2 inputs, (B, n − 2, I)
        return (Body(window), new SequenceState([carried]));
    }

    /// <summary>The tanh layers over the (T, B, (n − 1)·I) window, and the window beside them with direct connections.</summary>
    Tensor Body(Tensor window)
    {
        var h = window;
        for (int l = 0; l < Hidden.Count; l++)
        {
            if (l > 0) h = Functional.Dropout(h, dropout, Training, generator);
            h = Hidden[l].Forward(h).Tanh();
        }
        return DirectConnections ? Tensor.Concat([h, window], 2) : h;
    }

    public ISequenceStepper CreateStepper(int batch = 1) => new NplmStepper(this, batch);
}
