namespace Recur.LanguageModels;

/// <summary>
/// AWD-LSTM's regularisers (Merity et al. 2018, "Regularizing and Optimizing LSTM Language Models", §4), all off by
/// default. The dropouts are variational: one mask per batch, shared by every time step. Their paper's word-level PTB
/// values are embedding 0.1, input 0.65, hidden 0.3, output 0.4, weight 0.5, α 2, β 1.
/// </summary>
public sealed record AwdRegularization
{
    public static AwdRegularization None { get; } = new();

    /// <summary>Drops whole words from the embedding for a batch (<c>dropoute</c>, §4.3).</summary>
    public float EmbeddingDropout { get; init; }

    /// <summary>Locked dropout on the embeddings the first layer reads (<c>dropouti</c>).</summary>
    public float InputDropout { get; init; }

    /// <summary>Locked dropout between recurrent layers (<c>dropouth</c>); RNN, LSTM and GRU only.</summary>
    public float HiddenDropout { get; init; }

    /// <summary>Locked dropout on the last layer's output, before the softmax layer (<c>dropout</c>).</summary>
    public float OutputDropout { get; init; }

    /// <summary>DropConnect on the hidden-to-hidden weights W_hh (<c>wdrop</c>, §2); RNN, LSTM and GRU only.</summary>
    public float WeightDropout { get; init; }

    /// <summary>α of activation regularisation (§4.6): α·mean(m ⊙ h_t)² over the last layer's dropped-out outputs.</summary>
    public double ActivationPenalty { get; init; }

    /// <summary>β of temporal activation regularisation (§4.6): β·mean(h_t − h_{t−1})² over the last layer's raw outputs.</summary>
    public double TemporalPenalty { get; init; }

    public bool HasPenalty => ActivationPenalty > 0 || TemporalPenalty > 0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field out of range, or <see cref="ArgumentException"/> for an option the cell lacks.</summary>
    public void Validate(CellKind cell)
    {
        foreach (var (name, p) in new[] { (nameof(EmbeddingDropout), EmbeddingDropout), (nameof(InputDropout), InputDropout),
                     (nameof(HiddenDropout), HiddenDropout), (nameof(OutputDropout), OutputDropout), (nameof(WeightDropout), WeightDropout) })
            if (p is < 0f or >= 1f || float.IsNaN(p)) throw new ArgumentOutOfRangeException(name, p, $"{name} must lie in [0, 1).");
        foreach (var (name, v) in new[] { (nameof(ActivationPenalty), ActivationPenalty), (nameof(TemporalPenalty), TemporalPenalty) })
            if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentOutOfRangeException(name, v, $"{name} must be finite and not negative.");
        if (!cell.IsRecurrent() && (HiddenDropout > 0 || WeightDropout > 0))
            throw new ArgumentException($"Hidden and weight dropout act inside a recurrent network (rnn, lstm, gru), not a {cell.ToString().ToLowerInvariant()} layer.");
    }
}
