using Recur.Nn;

namespace Recur.LanguageModels;

/// <summary>
/// Karpathy's char-RNN: Embedding(V, E) → sequence layer stack (RNN, LSTM, GRU, or any <see cref="CellKind"/>: L
/// layers of H, dropout between layers) → dropout → Linear(H, V) giving next-token logits. Parameters are named as
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
        body = (ISequenceLayer)RegisterModule(config.Cell.ModuleName(), config.Cell.CreateSequenceLayer(E, H, L, config.Dropout, generator));
        head = RegisterModule("head", config.TieWeights ? Linear.Tied(embedding.Weight, generator: generator) : new Linear(H, V, generator: generator));
    }

    public CharLmConfig Config { get; }

    /// <summary>
    /// Reads <paramref name="inputs"/>, (T, B) character ids flattened time-major, from <paramref name="state"/>
    /// (zeros when null). Returns the logits (T·B, V), the top layer's hidden outputs (T, B, H) and the final state
    /// (batch first, as the layer defines it: h and c as (B, L, H) for the recurrent kinds), which the caller detaches
    /// before carrying it into the next chunk.
    /// </summary>
    public (Tensor Logits, Tensor Hidden, SequenceState State) Forward(ReadOnlySpan<int> inputs, int steps, int batch, SequenceState? state = null)
    {
        if (inputs.Length != steps * batch) throw new ArgumentException($"{inputs.Length} ids do not form ({steps}, {batch}).", nameof(inputs));
        var x = embedding.Forward(inputs, steps, batch);                           // (T, B, E)
        var (hidden, final) = body.Forward(x, state);                              // (T, B, H)
        var dropped = Functional.Dropout(hidden, Config.Dropout, Training, generator);
        var logits = head.Forward(dropped.Reshape(steps * batch, Config.HiddenSize)); // (T·B, V)
        return (logits, hidden, final);
    }

    /// <summary>The all-zero state for <paramref name="batch"/> rows, shaped as <see cref="Forward"/> returns it.</summary>
    public SequenceState ZeroState(int batch) => body.ZeroState(batch);

    /// <summary>The layer stack between the embedding and the output layer.</summary>
    public ISequenceLayer Body => body;
}
