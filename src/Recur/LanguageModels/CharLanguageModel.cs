using Recur.Nn;

namespace Recur.LanguageModels;

/// <summary>
/// Karpathy's char-RNN: Embedding(V, E) → sequence layer stack (RNN, LSTM, GRU, or any <see cref="CellKind"/>: L
/// layers of H, dropout between layers) → dropout → Linear(H, V) giving next-token logits, with AWD-LSTM's
/// regularisers when the config asks (<see cref="AwdRegularization"/>: embedding, input, hidden and output locked
/// dropout, DropConnect on W_hh, and the activation penalties of <see cref="ForwardRegularized"/>). Parameters are named as
/// the equivalent PyTorch module with attributes <c>emb</c>, <c>rnn</c> (or the layer kind's name, e.g. <c>tcn</c>)
/// and <c>head</c> (<c>emb.weight</c>, <c>rnn.weight_ih_l0</c>, <c>head.weight</c>), so a checkpoint loads into
/// that module and back.
/// </summary>
public sealed class CharLanguageModel : Module
{
    readonly Embedding embedding;
    readonly ISequenceLayer body;
    readonly Linear head;
    readonly Generator generator;

    /// <param name="generator">Draws the initial weights and then every dropout mask; its state is part of a training checkpoint.</param>
    public CharLanguageModel(CharLmConfig config, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(generator);
        config.Validate();
        Config = config;
        this.generator = generator;
        int V = config.VocabularySize, E = config.EmbeddingSize, H = config.HiddenSize, L = config.Layers;
        embedding = RegisterModule("emb", new Embedding(V, E, config.SparseEmbedding, generator));
        body = (ISequenceLayer)RegisterModule(config.Cell.ModuleName(), config.Cell.CreateSequenceLayer(E, H, L, config.Dropout, generator,
            config.Cell.IsRecurrent() ? new RecurrentOptions { HiddenDropout = config.Awd.HiddenDropout, WeightDropout = config.Awd.WeightDropout } : null,
            config.Context, config.DirectConnections));
        head = RegisterModule("head", config.TieWeights ? Linear.Tied(embedding.Weight, generator: generator) : new Linear(body.OutputSize, V, generator: generator));
    }

    public CharLmConfig Config { get; }

    /// <summary>
    /// Reads <paramref name="inputs"/>, (T, B) character ids flattened time-major, from <paramref name="state"/>
    /// (zeros when null). Returns the logits (T·B, V), the top layer's outputs (T, B, O: the body's <see cref="ISequenceLayer.OutputSize"/>) and the final state
    /// (batch first, as the layer defines it: h and c as (B, L, H) for the recurrent kinds), which the caller detaches
    /// before carrying it into the next chunk.
    /// </summary>
    public (Tensor Logits, Tensor Hidden, SequenceState State) Forward(ReadOnlySpan<int> inputs, int steps, int batch, SequenceState? state = null)
    {
        var (logits, hidden, _, final) = Run(inputs, steps, batch, state);
        return (logits, hidden, final);
    }

    /// <summary>
    /// <see cref="Forward"/> for training: the logits, the final state, and AWD-LSTM's activation penalties (Merity et
    /// al. 2018, §4.6) to add to the loss — α·mean(d²) over the top layer's dropped-out outputs d (AR) plus
    /// β·mean((h_t − h_{t−1})²) over its raw outputs h (TAR) — or null when both weights are 0 or the model is in evaluation mode.
    /// </summary>
    public (Tensor Logits, Tensor? Penalty, SequenceState State) ForwardRegularized(ReadOnlySpan<int> inputs, int steps, int batch, SequenceState? state = null)
    {
        var (logits, hidden, dropped, final) = Run(inputs, steps, batch, state);
        var awd = Config.Awd;
        if (!Training || !awd.HasPenalty) return (logits, null, final);
        Tensor? penalty = null;
        if (awd.ActivationPenalty > 0) penalty = dropped.Pow(2).Mean() * (float)awd.ActivationPenalty;
        if (awd.TemporalPenalty > 0 && steps > 1)
        {
            var change = (hidden.Narrow(0, 1, steps - 1) - hidden.Narrow(0, 0, steps - 1)).Pow(2).Mean() * (float)awd.TemporalPenalty;
            penalty = penalty is null ? change : penalty + change;
        }
        return (logits, penalty, final);
    }

    (Tensor Logits, Tensor Hidden, Tensor Dropped, SequenceState State) Run(ReadOnlySpan<int> inputs, int steps, int batch, SequenceState? state)
    {
        if (inputs.Length != steps * batch) throw new ArgumentException($"{inputs.Length} ids do not form ({steps}, {batch}).", nameof(inputs));
        var awd = Config.Awd;
        var x = embedding.Forward(inputs, steps, batch);                           // (T, B, E)
        x = Functional.EmbeddingDropout(x, inputs, Config.VocabularySize, awd.EmbeddingDropout, Training, generator);
        x = Functional.LockedDropout(x, awd.InputDropout, Training, generator);
        var (hidden, final) = body.Forward(x, state);                              // (T, B, H)
        var dropped = Functional.Dropout(hidden, Config.Dropout, Training, generator);
        dropped = Functional.LockedDropout(dropped, awd.OutputDropout, Training, generator);
        var logits = head.Forward(dropped.Reshape(steps * batch, body.OutputSize)); // (T·B, V)
        return (logits, hidden, dropped, final);
    }

    /// <summary>The all-zero state for <paramref name="batch"/> rows, shaped as <see cref="Forward"/> returns it.</summary>
    public SequenceState ZeroState(int batch) => body.ZeroState(batch);

    /// <summary>The layer stack between the embedding and the output layer.</summary>
    public ISequenceLayer Body => body;
}
