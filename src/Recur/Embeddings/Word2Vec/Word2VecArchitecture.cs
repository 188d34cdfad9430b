namespace Recur.Embeddings.Word2Vec;

/// <summary>Which word predicts which (Mikolov et al. 2013a).</summary>
public enum Word2VecArchitecture
{
    /// <summary>The centre word predicts each word of its window.</summary>
    SkipGram,

    /// <summary>The mean of the window's words predicts the centre word (continuous bag of words).</summary>
    Cbow,
}
