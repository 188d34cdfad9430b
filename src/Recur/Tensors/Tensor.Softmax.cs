namespace Recur;

/// <summary>
/// Softmax and log-softmax as compositions of primitives. Subtracting the (detached) maximum keeps exp from
/// overflowing; it cancels exactly in both functions, so it needs no gradient.
/// </summary>
public sealed partial class Tensor
{
    public Tensor Softmax(int dim)
    {
        var shifted = this - Max(dim, keepDim: true).Detach();
        var e = shifted.Exp();
        return e / e.Sum(dim, keepDim: true);
    }

    /// <summary>log softmax(x) = (x − m) − log Σ exp(x − m).</summary>
    public Tensor LogSoftmax(int dim)
    {
        var shifted = this - Max(dim, keepDim: true).Detach();
        return shifted - shifted.Exp().Sum(dim, keepDim: true).Log();
    }
}
