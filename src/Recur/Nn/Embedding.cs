namespace Recur.Nn;

/// <summary>A lookup table of <c>numEmbeddings</c> vectors of size <c>embeddingDim</c>, initialised N(0, 1) as in PyTorch.</summary>
public sealed class Embedding : Module
{
    public Tensor Weight { get; }

    public Embedding(int numEmbeddings, int embeddingDim, Generator? generator = null)
    {
        Weight = RegisterParameter("weight", Tensor.Zeros(numEmbeddings, embeddingDim));
        Init.Normal(Weight, 0f, 1f, generator);
    }

    /// <summary>Vectors for <paramref name="ids"/> laid out in <paramref name="shape"/>; the result has shape shape + (E).</summary>
    public Tensor Forward(ReadOnlySpan<int> ids, params int[] shape) => Functional.Embedding(Weight, ids, shape);
}
