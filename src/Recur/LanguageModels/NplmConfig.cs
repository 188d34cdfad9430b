namespace Recur.LanguageModels;

/// <summary>
/// The architecture of a <see cref="NeuralProbabilisticLm"/>: V words, n − 1 = <see cref="Context"/> previous words
/// embedded in m = <see cref="EmbeddingSize"/> dimensions, h = <see cref="HiddenSize"/> tanh units, and optionally
/// the direct connections from the embeddings to the output (Bengio et al. 2003, eq. 1's W term).
/// </summary>
public sealed record NplmConfig(int VocabularySize, int Context = 4, int EmbeddingSize = 60, int HiddenSize = 100, bool DirectConnections = false)
{
    public void Validate()
    {
        if (VocabularySize < 1) throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize, "The vocabulary must hold at least one word.");
        if (Context < 1) throw new ArgumentOutOfRangeException(nameof(Context), Context, "The model needs at least one word of context.");
        if (EmbeddingSize < 1) throw new ArgumentOutOfRangeException(nameof(EmbeddingSize), EmbeddingSize, "The embedding size must be at least 1.");
        if (HiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, "The hidden size must be at least 1.");
    }
}
