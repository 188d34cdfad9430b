namespace Recur.Embeddings.GloVe;

/// <summary>
/// Trained GloVe parameters: word vectors W, context vectors W̃ (V×D each) and their biases, with the mean weighted
/// loss of each epoch. The published vectors are W + W̃ (Pennington et al. 2014, §4.2: summing the two reduces
/// over-fitting and noise).
/// </summary>
public sealed class GloVeModel
{
    internal GloVeModel(IReadOnlyList<string> words, int dimension, float[] word, float[] context, float[] wordBias, float[] contextBias, IReadOnlyList<double> losses)
    {
        Words = words;
        Dimension = dimension;
        Word = word;
        Context = context;
        WordBias = wordBias;
        ContextBias = contextBias;
        EpochLosses = losses;
    }

    public IReadOnlyList<string> Words { get; }
    public int Dimension { get; }
    public float[] Word { get; }
    public float[] Context { get; }
    public float[] WordBias { get; }
    public float[] ContextBias { get; }

    /// <summary>½·Σ f(X_ij)(w_i·w̃_j + b_i + b̃_j − log X_ij)², divided by the number of pairs, accumulated during each epoch.</summary>
    public IReadOnlyList<double> EpochLosses { get; }

    public WordVectors ToWordVectors()
    {
        var sum = new float[Word.Length];
        System.Numerics.Tensors.TensorPrimitives.Add(Word, Context, sum);
        return new WordVectors(Words, Dimension, sum);
    }
}
