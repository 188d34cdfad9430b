using System.Numerics.Tensors;
using Recur.Kernels;

namespace Recur;

/// <summary>
/// Reductions over one dimension, seen as (outer, n, inner) blocks of a contiguous tensor. Their backward passes
/// broadcast the gradient back (sum, mean) or route it to the winning element (max).
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Sum of all elements, as a scalar tensor.</summary>
    public Tensor Sum()
    {
        var x = IsContiguous ? this : ContiguousCopy();
        var result = Scalar(TensorPrimitives.Sum(x.AsSpan()));
        var input = this;
        return Record(result, "SumBackward", [this], g => input.AccumulateGrad(g.BroadcastView(input.Dims)));
    }

    /// <summary>Mean of all elements, as a scalar tensor.</summary>
    public Tensor Mean() => Sum() / Count;

    /// <summary>Sum over <paramref name="dim"/>; with <paramref name="keepDim"/> that dimension stays with size 1.</summary>
    public Tensor Sum(int dim, bool keepDim = false)
    {
        int d = NormalizeDim(dim, Rank);
        var (outer, n, inner) = Blocks(d);
        var x = IsContiguous ? this : ContiguousCopy();
        var src = x.AsSpan();
        var kept = (int[])Dims.Clone();
        kept[d] = 1;
        var result = Uninitialized(outer * inner);
        AxisReduction.Sum(outer, n, inner, src, result);
        var output = new Tensor(result, keepDim ? kept : RemoveDim(Dims, d));
        var input = this;
        return Record(output, "SumBackward", [this], g => input.AccumulateGrad(g.Reshape(kept).BroadcastView(input.Dims)));
    }

    /// <summary>Mean over <paramref name="dim"/>.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Sum(dim, keepDim) / Dims[NormalizeDim(dim, Rank)];

    /// <summary>Maximum over <paramref name="dim"/>; the gradient goes to the first maximal element.</summary>
    public Tensor Max(int dim, bool keepDim = false) => MaxWithIndices(dim, keepDim).Values;

    /// <summary>Index of the maximum along <paramref name="dim"/> (first one on ties), in row-major order of the rest.</summary>
    public int[] ArgMax(int dim)
    {
        using var _ = NoGrad();
        return MaxWithIndices(dim, false).Indices;
    }

    (Tensor Values, int[] Indices) MaxWithIndices(int dim, bool keepDim)
    {
        int d = NormalizeDim(dim, Rank);
        var (outer, n, inner) = Blocks(d);
        if (n == 0) throw new ArgumentException($"Max over an empty dimension {d}.");
        var x = IsContiguous ? this : ContiguousCopy();
        var src = x.AsSpan();
        var values = new float[outer * inner];
        var indices = new int[outer * inner];
        AxisReduction.Max(outer, n, inner, src, values, indices);
        var kept = (int[])Dims.Clone();
        kept[d] = 1;
        var output = new Tensor(values, keepDim ? kept : RemoveDim(Dims, d));
        var input = this;
        Record(output, "MaxBackward", [this], g =>
        {
            var full = new float[outer * n * inner];
            AxisIndexing.ScatterAddGather(outer, n, inner, 1, indices, g.ContiguousOrCopy().AsSpan(), full);
            input.AccumulateGrad(new Tensor(full, (int[])input.Dims.Clone()));
        });
        return (output, indices);
    }

    /// <summary>
    /// Running sum along <paramref name="dim"/> (<c>torch.cumsum</c>), accumulated in double precision as PyTorch's
    /// CPU kernel does. Backward is the reversed running sum of the gradient.
    /// </summary>
    public Tensor Cumsum(int dim)
    {
        int d = NormalizeDim(dim, Rank);
        var (outer, n, inner) = Blocks(d);
        var result = Uninitialized(Count);
        RunningSum(outer, n, inner, ContiguousOrCopy().AsSpan(), result, reverse: false);
        var input = this;
        return Record(new Tensor(result, Dims), "CumsumBackward", [this], g =>
        {
            var dx = new float[g.Count];
            RunningSum(outer, n, inner, g.AsSpan(), dx, reverse: true);
            input.AccumulateGrad(new Tensor(dx, input.Dims), owned: true);
        });
    }

    static void RunningSum(int outer, int n, int inner, ReadOnlySpan<float> source, Span<float> destination, bool reverse)
    {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                double sum = 0;
                for (int step = 0; step < n; step++)
                {
                    int at = (o * n + (reverse ? n - 1 - step : step)) * inner + j;
                    sum += source[at];
                    destination[at] = (float)sum;
                }
            }
    }

    (int Outer, int N, int Inner) Blocks(int d) =>
        (ShapeSize(Dims.AsSpan(0, d)), Dims[d], ShapeSize(Dims.AsSpan(d + 1)));

    static int[] RemoveDim(int[] dims, int d) => [.. dims[..d], .. dims[(d + 1)..]];
}
