using System.Numerics.Tensors;

namespace Recur.Kernels;

/// <summary>
/// Integer indexing along the middle axis of dense (outer, n, inner) blocks, with the scatter-add that is each
/// gather's backward. Indices must already be validated against n.
/// </summary>
public static class AxisIndexing
{
    /// <summary>destination[o, j, :] = source[o, ids[j], :] — index-select, and embedding lookup for outer = 1.</summary>
    public static void Select(int outer, int n, int inner, ReadOnlySpan<int> ids, ReadOnlySpan<float> source, Span<float> destination)
    {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < ids.Length; j++)
                source.Slice((o * n + ids[j]) * inner, inner).CopyTo(destination.Slice((o * ids.Length + j) * inner, inner));
    }

    /// <summary>destination[o, ids[j], :] += source[o, j, :] — the backward of <see cref="Select"/>.</summary>
    public static void ScatterAddSelect(int outer, int n, int inner, ReadOnlySpan<int> ids, ReadOnlySpan<float> source, Span<float> destination)
    {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < ids.Length; j++)
            {
                var dst = destination.Slice((o * n + ids[j]) * inner, inner);
                TensorPrimitives.Add(dst, source.Slice((o * ids.Length + j) * inner, inner), dst);
            }
    }

    /// <summary>destination[o, j, i] = source[o, index[o, j, i], i] for j &lt; count — element-wise gather.</summary>
    public static void Gather(int outer, int n, int inner, int count, ReadOnlySpan<int> index, ReadOnlySpan<float> source, Span<float> destination)
    {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
                for (int i = 0; i < inner; i++)
                {
                    int p = (o * count + j) * inner + i;
                    destination[p] = source[(o * n + index[p]) * inner + i];
                }
    }

    /// <summary>destination[o, index[o, j, i], i] += source[o, j, i] — the backward of <see cref="Gather"/>.</summary>
    public static void ScatterAddGather(int outer, int n, int inner, int count, ReadOnlySpan<int> index, ReadOnlySpan<float> source, Span<float> destination)
    {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
                for (int i = 0; i < inner; i++)
                {
                    int p = (o * count + j) * inner + i;
                    destination[(o * n + index[p]) * inner + i] += source[p];
                }
    }
}
