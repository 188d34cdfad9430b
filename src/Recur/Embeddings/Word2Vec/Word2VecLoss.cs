namespace Recur.Embeddings.Word2Vec;

/// <summary>How the softmax over the vocabulary is approximated (Mikolov et al. 2013b, §2.1–2.2).</summary>
public enum Word2VecLoss
{
    /// <summary>One logistic loss on the true word and on k words drawn from unigram^0.75.</summary>
    NegativeSampling,

    /// <summary>A logistic loss at each inner node on the word's path in a Huffman tree.</summary>
    HierarchicalSoftmax,
}
