namespace Recur;

/// <summary>NumPy/PyTorch broadcasting: shapes align at the right; a dimension of size 1 stretches.</summary>
public sealed partial class Tensor
{
    internal static int[] BroadcastShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {ShapeString(a)} and {ShapeString(b)} cannot be broadcast together (dimension {i}: {da} vs {db}).");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>
    /// Sums a gradient of a broadcast shape down to <paramref name="target"/>: over the leading dimensions the
    /// target lacks and over every dimension where the target has size 1. This is the backward of broadcasting.
    /// </summary>
    internal Tensor SumToShape(ReadOnlySpan<int> target)
    {
        int lead = Rank - target.Length;
        if (lead < 0) throw new ArgumentException($"Cannot sum shape {ShapeString(Dims)} to the larger shape {ShapeString(target)}.");
        using var _ = NoGrad();
        var g = this;
        for (int d = 0; d < lead; d++) g = g.Sum(0);
        for (int d = 0; d < target.Length; d++)
        {
            if (target[d] == g.Dims[d]) continue;
            if (target[d] != 1) throw new ArgumentException($"Cannot sum shape {ShapeString(Dims)} to {ShapeString(target)}.");
            g = g.Sum(d, keepDim: true);
        }
        return g;
    }

    /// <summary>
    /// (g ⊙ y) summed down to <paramref name="target"/>, the gradient of a broadcast factor. When the target is a
    /// trailing block that g repeats over its leading rows (a bias-like (E) against (N, E)), the products are added
    /// row by row into one accumulator instead of being materialised: the same float operations, in the same order,
    /// as the product followed by the sum.
    /// </summary>
    internal static Tensor MultiplySumTo(Tensor g, Tensor y, int[] target)
    {
        int size = ShapeSize(target);
        if (target.AsSpan().SequenceEqual(g.Dims) || size == 0 || !y.IsContiguous || !y.Dims.AsSpan().SequenceEqual(g.Dims)
            || !IsTrailingBlock(target, g.Dims))
            return g * y;
        var acc = new float[size];
        var gs = g.AsSpan();
        var ys = y.AsSpan();
        for (int r = 0; r < gs.Length; r += size)
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gs.Slice(r, size), ys.Slice(r, size), acc, acc);
        return new Tensor(acc, target);
    }

    /// <summary>Whether <paramref name="target"/>, right-aligned, equals the trailing dimensions of <paramref name="shape"/> after leading 1s.</summary>
    static bool IsTrailingBlock(int[] target, int[] shape)
    {
        int lead = shape.Length - target.Length;
        if (lead < 0) return false;
        int d = 0;
        while (d < target.Length && target[d] == 1 && shape[lead + d] != 1) d++;
        if (d == 0 && lead == 0) return false;
        for (; d < target.Length; d++) if (target[d] != shape[lead + d]) return false;
        return true;
    }
}
