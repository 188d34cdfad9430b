namespace Recur.LanguageModels;

/// <summary>
/// The architecture of a <see cref="CharLanguageModel"/>: V tokens, E-dimensional embeddings, L layers of H units;
/// optionally the output layer tied to the embedding (needs E = H) and a row-sparse embedding gradient. An NPLM body
/// (<see cref="CellKind.Nplm"/>) also has its window of <see cref="Context"/> tokens (default
/// <see cref="Nn.NplmNetwork.DefaultContext"/>) and optional direct connections to the output.
/// </summary>
public sealed record CharLmConfig(CellKind Cell, int VocabularySize, int EmbeddingSize, int HiddenSize, int Layers, float Dropout,
    bool TieWeights = false, bool SparseEmbedding = false, AwdRegularization? Regularization = null, int? Context = null, bool DirectConnections = false)
{
    /// <summary>The AWD-LSTM regularisers in force (none when not given).</summary>
    public AwdRegularization Awd => Regularization ?? AwdRegularization.None;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        if (VocabularySize < 1) throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize, "The vocabulary must hold at least one character.");
        if (EmbeddingSize < 1) throw new ArgumentOutOfRangeException(nameof(EmbeddingSize), EmbeddingSize, "The embedding size must be at least 1.");
        if (HiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, "The hidden size must be at least 1.");
        if (Layers < 1) throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "A model needs at least one layer.");
        if (Dropout is < 0f or >= 1f || float.IsNaN(Dropout)) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must lie in [0, 1).");
        Awd.Validate(Cell);
        if (TieWeights && DirectConnections) throw new ArgumentException("Tying the output layer to the embedding leaves no room for direct connections (the output layer would read more than the embedding's width).");
        if (TieWeights && EmbeddingSize != HiddenSize) throw new ArgumentException($"Tying the output layer to the embedding needs equal sizes (embedding {EmbeddingSize}, hidden {HiddenSize}).");
    }
}
