using Recur.Kernels;

namespace Recur;

/// <summary>
/// Integer indexing (index-select, gather) and masking. Indices are plain int arrays: Recur's tensors hold
/// float32 only. Backward passes scatter-add the gradient to the positions that were read.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Picks the slices <paramref name="index"/> along <paramref name="dim"/>; the embedding lookup is IndexSelect(0, ids).</summary>
    public Tensor IndexSelect(int dim, ReadOnlySpan<int> index)
    {
        int d = NormalizeDim(dim, Rank);
        var (outer, n, inner) = Blocks(d);
        var ids = index.ToArray();
        foreach (int i in ids)
            if ((uint)i >= (uint)n) throw new IndexOutOfRangeException($"Index {i} is out of range for dimension {d} of size {n}.");
        var src = ContiguousOrCopy().AsSpan();
        var dims = (int[])Dims.Clone();
        dims[d] = ids.Length;
        var result = new float[outer * ids.Length * inner];
        AxisIndexing.Select(outer, n, inner, ids, src, result);
        var input = this;
        return Record(new Tensor(result, dims), "IndexSelectBackward", [this], g =>
        {
            var full = new float[outer * n * inner];
            AxisIndexing.ScatterAddSelect(outer, n, inner, ids, g.ContiguousOrCopy().AsSpan(), full);
            input.AccumulateGrad(new Tensor(full, (int[])input.Dims.Clone()));
        });
    }

    /// <summary>
    /// Rows <paramref name="ids"/> of this (V, E) table, as IndexSelect(0, ids), but the gradient is kept as a
    /// <see cref="RowSparseGradient"/> of the looked-up rows instead of a dense (V, E) one. Only a leaf holds a
    /// sparse gradient; through any other table the lookup falls back to the dense gradient.
    /// </summary>
    internal Tensor SparseRowSelect(ReadOnlySpan<int> ids)
    {
        if (!IsLeaf || Rank != 2) return IndexSelect(0, ids);
        var picked = ids.ToArray();
        int e = Dims[1];
        var src = ContiguousOrCopy().AsSpan();
        var result = new float[picked.Length * e];
        for (int i = 0; i < picked.Length; i++) src.Slice(picked[i] * e, e).CopyTo(result.AsSpan(i * e, e));
        var table = this;
        return Record(new Tensor(result, [picked.Length, e]), "EmbeddingBackward", [this],
            g => table.AccumulateSparseRows(picked, g.AsSpan()));
    }

    /// <summary>
    /// out[…, j, …] = this[…, index[…, j, …], …] along <paramref name="dim"/>, where <paramref name="index"/> has the
    /// shape of this tensor except in <paramref name="dim"/>, whose size is <paramref name="count"/>.
    /// </summary>
    public Tensor Gather(int dim, ReadOnlySpan<int> index, int count = 1)
    {
        int d = NormalizeDim(dim, Rank);
        var (outer, n, inner) = Blocks(d);
        if (index.Length != outer * count * inner)
            throw new ArgumentException($"Gather along {d} of shape {ShapeString(Dims)} needs {outer * count * inner} indices, got {index.Length}.");
        var ids = index.ToArray();
        var src = ContiguousOrCopy().AsSpan();
        foreach (int k in ids)
            if ((uint)k >= (uint)n) throw new IndexOutOfRangeException($"Index {k} is out of range for dimension {d} of size {n}.");
        var result = new float[ids.Length];
        AxisIndexing.Gather(outer, n, inner, count, ids, src, result);
        var dims = (int[])Dims.Clone();
        dims[d] = count;
        var input = this;
        return Record(new Tensor(result, dims), "GatherBackward", [this], g =>
        {
            var full = new float[outer * n * inner];
            AxisIndexing.ScatterAddGather(outer, n, inner, count, ids, g.ContiguousOrCopy().AsSpan(), full);
            input.AccumulateGrad(new Tensor(full, (int[])input.Dims.Clone()));
        });
    }

    /// <summary>
    /// Element-wise choice: where <paramref name="condition"/> is non-zero take <paramref name="a"/>, else
    /// <paramref name="b"/> (all three broadcast together, read through their strides without copies). Gradients
    /// flow only to the chosen side, so a masked-out NaN or infinity never poisons the gradient, unlike a·m + b·(1−m).
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var shape = BroadcastShape(BroadcastShape(condition.Dims, a.Dims), b.Dims);
        var result = new Tensor(new float[ShapeSize(shape)], shape);
        Choose(condition, a, b, shape, result.Storage);
        return Record(result, "WhereBackward", [a, b], static (node, g) =>
        {
            var cond = node.State<Tensor>();
            Tensor a = node.Parent(0), b = node.Parent(1), zero = Scalar(0f);
            if (a.RequiresGrad) a.AccumulateGrad(Pick(cond, g, zero), owned: true);
            if (b.RequiresGrad) b.AccumulateGrad(Pick(cond, zero, g), owned: true);
        }, saved0: condition, state: condition);

        static Tensor Pick(Tensor cond, Tensor x, Tensor y)
        {
            var shape = BroadcastShape(BroadcastShape(cond.Dims, x.Dims), y.Dims);
            var picked = new Tensor(new float[ShapeSize(shape)], shape);
            Choose(cond, x, y, shape, picked.Storage);
            return picked;
        }
    }

    /// <summary>destination = c ≠ 0 ? x : y element by element over <paramref name="shape"/>, through broadcast strides.</summary>
    static void Choose(Tensor c, Tensor x, Tensor y, int[] shape, Span<float> destination)
    {
        int rank = shape.Length, inner = rank == 0 ? 1 : shape[^1];
        if (destination.Length == 0) return;
        Span<int> sc = stackalloc int[rank], sx = stackalloc int[rank], sy = stackalloc int[rank];
        int lc = c.BroadcastStrides(shape, sc), lx = x.BroadcastStrides(shape, sx), ly = y.BroadcastStrides(shape, sy);
        float[] cs = c.Storage, xs = x.Storage, ys = y.Storage;
        int rows = destination.Length / inner;
        for (int r = 0; r < rows; r++)
        {
            int oc = RowOffset(r, shape, sc, c.Offset), ox = RowOffset(r, shape, sx, x.Offset), oy = RowOffset(r, shape, sy, y.Offset);
            var dst = destination.Slice(r * inner, inner);
            for (int j = 0; j < dst.Length; j++)
                dst[j] = cs[oc + j * lc] != 0 ? xs[ox + j * lx] : ys[oy + j * ly];
        }
    }

    /// <summary>Replaces elements where <paramref name="mask"/> (broadcastable, non-zero = masked) is set by <paramref name="value"/>.</summary>
    public Tensor MaskedFill(Tensor mask, float value) => Where(mask, Scalar(value), this);
}
