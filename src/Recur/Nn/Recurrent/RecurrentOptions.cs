namespace Recur.Nn;

/// <summary>
/// Options of a recurrent network beyond PyTorch's, all off by default. Dropout rates apply in training only and
/// draw one mask per sequence (Gal &amp; Ghahramani 2016), shared by every time step.
/// </summary>
public sealed record RecurrentOptions
{
    /// <summary>No extra option: the network behaves as PyTorch's.</summary>
    public static RecurrentOptions None { get; } = new();

    /// <summary>
    /// From this layer (0-based) on, each layer's input is added to its output (Wu et al. 2016, GNMT). The input
    /// added is the one the layer reads, after any dropout. Null: no residual connections.
    /// </summary>
    public int? ResidualFrom { get; init; }

    /// <summary>Variational dropout on the input of every layer: one (B, F) mask per sequence and layer.</summary>
    public float InputDropout { get; init; }

    /// <summary>Variational dropout between layers, on each layer's output but the last: one (B, D·P) mask per sequence and layer (AWD-LSTM's <c>dropouth</c>).</summary>
    public float HiddenDropout { get; init; }

    /// <summary>Variational dropout on the network's output: one (B, D·P) mask per sequence.</summary>
    public float OutputDropout { get; init; }

    /// <summary>
    /// Variational dropout on the recurrent state: h_{t−1} is multiplied by one (B, P) mask per sequence and
    /// direction before the recurrent projection W_hh·h_{t−1}, at every step; the state carried on is not masked.
    /// The mask sits inside the recurrence, so the layer runs step by step through composed ops rather than the
    /// fused scan.
    /// </summary>
    public float StateDropout { get; init; }

    /// <summary>
    /// DropConnect on the recurrent weights (Wan et al. 2013; Merity et al. 2018, AWD-LSTM): W_hh ⊙ M/(1−p) with
    /// one mask per forward pass, shared by the batch and every step.
    /// </summary>
    public float WeightDropout { get; init; }

    /// <summary>
    /// With k &gt; 0, each layer's sequence is cut into chunks of k steps whose internals are recomputed in
    /// backward rather than kept (<see cref="Tensor.Checkpoint"/>): memory holds only the state every k steps.
    /// Gradients equal those without checkpointing. 0: off.
    /// </summary>
    public int CheckpointEvery { get; init; }

    /// <summary>The initialisation of each layer (index 0 … layers−1); null: the network's one for all.</summary>
    public Func<int, RecurrentInit>? LayerInit { get; init; }

    internal void Validate(int layers, int inputSize, int layerOutputSize)
    {
        foreach (var (name, p) in new[] { (nameof(InputDropout), InputDropout), (nameof(HiddenDropout), HiddenDropout), (nameof(OutputDropout), OutputDropout),
                     (nameof(StateDropout), StateDropout), (nameof(WeightDropout), WeightDropout) })
            if (p is < 0f or >= 1f) throw new ArgumentOutOfRangeException(name, p, $"{name} must lie in [0, 1).");
        if (CheckpointEvery < 0) throw new ArgumentOutOfRangeException(nameof(CheckpointEvery), CheckpointEvery, "CheckpointEvery must be 0 (off) or positive.");
        if (ResidualFrom is int r)
        {
            if (r < 0 || r >= layers) throw new ArgumentOutOfRangeException(nameof(ResidualFrom), r, $"ResidualFrom must name a layer in 0..{layers - 1}.");
            if (r == 0 && inputSize != layerOutputSize)
                throw new ArgumentException($"ResidualFrom = 0 adds the input ({inputSize} features) to layer 0's output ({layerOutputSize}); the sizes must agree.", nameof(ResidualFrom));
        }
    }
}
