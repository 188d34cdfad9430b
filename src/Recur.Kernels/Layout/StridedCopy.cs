namespace Recur.Kernels;

/// <summary>
/// Copies between a strided n-dimensional layout and a dense row-major buffer. The innermost dimension is walked
/// as a row; the outer index advances like an odometer, so the cost per element is one load and one store.
/// </summary>
public static class StridedCopy
{
    /// <summary>Dense ← strided: <paramref name="destination"/>[row-major i] = source[offset + Σ index_d·strides_d].</summary>
    public static void Gather(ReadOnlySpan<float> source, int offset, ReadOnlySpan<int> dims, ReadOnlySpan<int> strides, Span<float> destination)
    {
        int rank = dims.Length;
        if (rank == 0) { destination[0] = source[offset]; return; }
        int inner = dims[rank - 1], innerStride = strides[rank - 1];
        int rows = Count(dims) / Math.Max(inner, 1);
        if (inner == 0 || rows == 0) return;
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int src = offset;
        for (int r = 0; r < rows; r++)
        {
            var row = destination.Slice(r * inner, inner);
            if (innerStride == 1) source.Slice(src, inner).CopyTo(row);
            else for (int j = 0; j < inner; j++) row[j] = source[src + j * innerStride];
            src = Advance(index, dims, strides, src);
        }
    }

    /// <summary>Strided ← dense: the inverse of <see cref="Gather"/>.</summary>
    public static void Scatter(ReadOnlySpan<float> source, Span<float> destination, int offset, ReadOnlySpan<int> dims, ReadOnlySpan<int> strides)
    {
        int rank = dims.Length;
        if (rank == 0) { destination[offset] = source[0]; return; }
        int inner = dims[rank - 1], innerStride = strides[rank - 1];
        int rows = Count(dims) / Math.Max(inner, 1);
        if (inner == 0 || rows == 0) return;
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int dst = offset;
        for (int r = 0; r < rows; r++)
        {
            var row = source.Slice(r * inner, inner);
            if (innerStride == 1) row.CopyTo(destination.Slice(dst, inner));
            else for (int j = 0; j < inner; j++) destination[dst + j * innerStride] = row[j];
            dst = Advance(index, dims, strides, dst);
        }
    }

    /// <summary>Steps the outer (all but last) dimensions of <paramref name="index"/> and returns the new row offset.</summary>
    static int Advance(Span<int> index, ReadOnlySpan<int> dims, ReadOnlySpan<int> strides, int position)
    {
        for (int d = dims.Length - 2; d >= 0; d--)
        {
            position += strides[d];
            if (++index[d] < dims[d]) return position;
            position -= strides[d] * dims[d];
            index[d] = 0;
        }
        return position;
    }

    static int Count(ReadOnlySpan<int> dims)
    {
        int n = 1;
        foreach (int d in dims) n *= d;
        return n;
    }
}
