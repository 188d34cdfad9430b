using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>
/// Gradient clipping against exploding gradients in recurrent networks (Pascanu et al. 2013, §3.2), with PyTorch's
/// <c>clip_grad_norm_</c> and <c>clip_grad_value_</c> semantics. Parameters without a gradient are ignored.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their joint L2 norm is at most <paramref name="maxNorm"/>, by
    /// maxNorm / (norm + 10⁻⁶) when that is below 1. Returns the norm before clipping (the norm of the per-tensor norms).
    /// </summary>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be positive.");
        var grads = Gradients(parameters);
        double sumOfSquares = 0;
        // A row-sparse gradient counts (and is scaled) through its coalesced rows: the same numbers as its dense form.
        foreach (var g in grads)
        {
            double norm = TensorPrimitives.Norm<float>(g.Span);
            sumOfSquares += norm * norm;
        }
        double total = Math.Sqrt(sumOfSquares);
        double coefficient = maxNorm / (total + 1e-6);
        if (coefficient < 1)
            foreach (var g in grads) TensorPrimitives.Multiply(g.Span, (float)coefficient, g.Span);
        return total;
    }

    /// <summary>Clamps every gradient element to [−clipValue, clipValue].</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0)) throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "clipValue must be non-negative.");
        float limit = (float)clipValue;
        foreach (var g in Gradients(parameters))
        {
            var span = g.Span;
            TensorPrimitives.Max(span, -limit, span);
            TensorPrimitives.Min(span, limit, span);
        }
    }

    static List<Memory<float>> Gradients(IEnumerable<Tensor> parameters)
    {
        var grads = new List<Memory<float>>();
        foreach (var p in parameters)
        {
            if (p.Grad is { } g)
            {
                if (!g.IsContiguous) throw new InvalidOperationException("Gradient clipping needs contiguous gradients.");
                grads.Add(g.Storage.AsMemory(g.Offset, g.Count));
            }
            else if (p.SparseGrad is { } sparse)
            {
                sparse.Coalesce();
                grads.Add(sparse.ValuesMemory);
            }
        }
        return grads;
    }
}
