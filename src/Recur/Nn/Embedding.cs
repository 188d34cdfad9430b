namespace Recur.Nn;

/// <summary>
/// A lookup table of <c>numEmbeddings</c> vectors of size <c>embeddingDim</c>, initialised N(0, 1) as in PyTorch.
/// With <c>sparse</c> its weight gets a row-sparse gradient of the looked-up rows (PyTorch's <c>sparse=True</c>),
/// which <see cref="Optim.Sgd"/>, <see cref="Optim.Adagrad"/> and <see cref="Optim.SparseAdam"/> apply to those rows
/// only; other optimisers densify it.
/// </summary>
public sealed class Embedding : Module
{
    public Tensor Weight { get; }

    public Embedding(int numEmbeddings, int embeddingDim, Generator? generator = null) : this(numEmbeddings, embeddingDim, sparse: false, generator) { }

    public Embedding(int numEmbeddings, int embeddingDim, bool sparse, Generator? generator = null)
    {
        Sparse = sparse;
        Weight = RegisterParameter("weight", Tensor.Zeros(numEmbeddings, embeddingDim));
        Init.Normal(Weight, 0f, 1f, generator);
    }

    /// <summary>Vectors for <paramref name="ids"/> laid out in <paramref name="shape"/>; the result has shape shape + (E).</summary>
    public Tensor Forward(ReadOnlySpan<int> ids, params int[] shape) => Functional.Embedding(Weight, ids, shape, Sparse);

    /// <summary>Whether the weight's gradient is row-sparse.</summary>
    public bool Sparse { get; }
}
