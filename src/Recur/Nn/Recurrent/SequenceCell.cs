namespace Recur.Nn;

/// <summary>
/// A recurrent step composed from differentiable tensor ops, for variants the fused kernels do not cover
/// (layer-normalised, peephole). Pure: state in, state out, nothing stored. <see cref="CellNetwork"/> scans any
/// such cell over time, with lengths, both directions and stacking. Shapes: input (B, I), H and C (B, H).
/// </summary>
public abstract class SequenceCell : Module
{
    public int InputSize { get; }
    public int HiddenSize { get; }
    public abstract bool HasCellState { get; }

    protected SequenceCell(int inputSize, int hiddenSize)
    {
        if (inputSize <= 0 || hiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenSize), "Input and hidden sizes must be positive.");
        (InputSize, HiddenSize) = (inputSize, hiddenSize);
    }

    /// <summary>Advances one step; a null state, or a null C for a cell that has one, starts from zeros.</summary>
    public RecurrentState Forward(Tensor input, RecurrentState? state = null)
    {
        return Step(input, RecurrentState.ForCellStep(GetType().Name, input, state, InputSize, HiddenSize, HasCellState), null);
    }

    /// <summary>
    /// One step without checks. <paramref name="recurrentMask"/> (B, H), when given, multiplies h_{t−1} where it
    /// enters the recurrent projection only (variational dropout on the state, Gal &amp; Ghahramani 2016).
    /// </summary>
    protected internal abstract RecurrentState Step(Tensor input, RecurrentState state, Tensor? recurrentMask);

    /// <summary>LayerNorm over each gate's H features of (B, G·H) pre-activations, with per-gate gains γ (G·H).</summary>
    private protected static Tensor GateLayerNorm(Tensor preActivations, Tensor gain, int gates)
    {
        int B = preActivations.Size(0), H = preActivations.Size(1) / gates;
        return Functional.LayerNorm(preActivations.Reshape(B, gates, H), gain.Reshape(gates, H), null).Reshape(B, gates * H);
    }
}
