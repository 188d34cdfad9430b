using System.Numerics.Tensors;

namespace Recur.Kernels;

/// <summary>
/// Reductions over the middle axis of a dense (outer, n, inner) block: the layout of any single-dimension
/// reduction of a row-major tensor.
/// </summary>
public static class AxisReduction
{
    /// <summary>
    /// destination[o, j] = Σ_i source[o, i, j]. Over the last axis (inner = 1) each row is one vectorised
    /// TensorPrimitives.Sum (softmax, layer norm and cross-entropy reduce that way); otherwise rows of the inner
    /// block are added in turn, which is already vectorised.
    /// </summary>
    public static void Sum(int outer, int n, int inner, ReadOnlySpan<float> source, Span<float> destination)
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) destination[o] = TensorPrimitives.Sum(source.Slice(o * n, n));
            return;
        }
        SumReference(outer, n, inner, source, destination);
    }

    /// <summary>The definition: Σ in index order, one element at a time in the inner block.</summary>
    public static void SumReference(int outer, int n, int inner, ReadOnlySpan<float> source, Span<float> destination)
    {
        destination.Slice(0, outer * inner).Clear();
        for (int o = 0; o < outer; o++)
        {
            var dst = destination.Slice(o * inner, inner);
            for (int i = 0; i < n; i++) TensorPrimitives.Add(dst, source.Slice((o * n + i) * inner, inner), dst);
        }
    }

    /// <summary>Maximum over the axis and the index of its first occurrence; NaN wins, as in PyTorch.</summary>
    public static void Max(int outer, int n, int inner, ReadOnlySpan<float> source, Span<float> values, Span<int> indices)
    {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int best = 0;
                float bestValue = source[o * n * inner + j];
                for (int i = 1; i < n && !float.IsNaN(bestValue); i++)
                {
                    float v = source[(o * n + i) * inner + j];
                    if (v > bestValue || float.IsNaN(v)) { bestValue = v; best = i; }
                }
                values[o * inner + j] = bestValue;
                indices[o * inner + j] = best;
            }
    }
}
