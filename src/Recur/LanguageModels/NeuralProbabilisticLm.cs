using Recur.Nn;

namespace Recur.LanguageModels;

/// <summary>
/// Bengio et al. (2003)'s neural probabilistic language model: the n − 1 previous words are looked up in a shared
/// table C (<c>emb</c>), concatenated into x, and y = b + W·x + U·tanh(d + H·x) gives next-word logits (eq. 1);
/// W (<c>direct</c>) is optional. Parameters are named as the equivalent PyTorch module: <c>emb.weight</c>,
/// <c>hidden.weight</c>/<c>hidden.bias</c> (H, d), <c>out.weight</c>/<c>out.bias</c> (U, b), <c>direct.weight</c> (W).
/// </summary>
public sealed class NeuralProbabilisticLm : Module
{
    readonly Embedding embedding;
    readonly Linear hidden, output;
    readonly Linear? direct;

    public NeuralProbabilisticLm(NplmConfig config, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        int V = config.VocabularySize, m = config.EmbeddingSize, n1 = config.Context;
        embedding = RegisterModule("emb", new Embedding(V, m, generator));
        hidden = RegisterModule("hidden", new Linear(n1 * m, config.HiddenSize, generator: generator));
        output = RegisterModule("out", new Linear(config.HiddenSize, V, generator: generator));
        if (config.DirectConnections) direct = RegisterModule("direct", new Linear(n1 * m, V, bias: false, generator: generator));
    }

    public NplmConfig Config { get; }

    /// <summary>Logits (B, V) for <paramref name="contexts"/>, B rows of n − 1 word ids each (oldest first), flattened row-major.</summary>
    public Tensor Forward(ReadOnlySpan<int> contexts, int batch)
    {
        int n1 = Config.Context;
        if (contexts.Length != batch * n1) throw new ArgumentException($"{contexts.Length} ids do not form ({batch}, {n1}).", nameof(contexts));
        var x = embedding.Forward(contexts, batch, n1).Reshape(batch, n1 * Config.EmbeddingSize);   // (B, (n−1)·m)
        var y = output.Forward(hidden.Forward(x).Tanh());                                         // (B, V)
        return direct is null ? y : y + direct.Forward(x);
    }
}
