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
        int rank = Rank, lead = rank - target.Length;
        if (lead < 0) throw new ArgumentException($"Cannot sum shape {ShapeString(Dims)} to the larger shape {ShapeString(target)}.");
        var result = new float[ShapeSize(target)];
        var targetStrides = ContiguousStrides(target);
        // Stride of each source dimension in the result: 0 where that dimension is summed away.
        Span<int> map = stackalloc int[Math.Max(rank, 1)];
        for (int d = 0; d < rank; d++)
        {
            if (d < lead) { map[d] = 0; continue; }
            int t = target[d - lead];
            if (t != Dims[d] && t != 1) throw new ArgumentException($"Cannot sum shape {ShapeString(Dims)} to {ShapeString(target)}.");
            map[d] = t == 1 && Dims[d] != 1 ? 0 : targetStrides[d - lead];
        }
        var source = ToArray();
        Span<int> index = stackalloc int[Math.Max(rank, 1)];
        index.Clear();
        int dst = 0;
        for (int i = 0; i < source.Length; i++)
        {
            result[dst] += source[i];
            for (int d = rank - 1; d >= 0; d--)
            {
                dst += map[d];
                if (++index[d] < Dims[d]) break;
                dst -= map[d] * Dims[d];
                index[d] = 0;
            }
        }
        return new Tensor(result, target.ToArray());
    }
}
