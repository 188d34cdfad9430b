using Recur.Kernels;

namespace Recur;

/// <summary>
/// Shape and layout ops. Reshape of a contiguous tensor, transpose, permute, narrow, select, expand, squeeze and
/// unsqueeze return views that share storage; their backward maps the gradient through the inverse view.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Same data in a new shape; one dimension may be −1 (inferred). Copies only when not contiguous.</summary>
    public Tensor Reshape(params int[] shape)
    {
        var dims = InferShape(shape, Count);
        var source = IsContiguous ? this : Contiguous();
        var view = new Tensor(source, source.Offset, dims, ContiguousStrides(dims));
        var original = Dims;
        return Record(view, "ViewBackward", [source], g => source.AccumulateGrad(g.Reshape(original)));
    }

    /// <summary>Alias of <see cref="Reshape"/>, as in PyTorch.</summary>
    public Tensor View(params int[] shape) => Reshape(shape);

    /// <summary>Collapses dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        int s = NormalizeDim(startDim, Rank), e = NormalizeDim(endDim, Rank);
        var dims = new List<int>();
        for (int d = 0; d < s; d++) dims.Add(Dims[d]);
        dims.Add(ShapeSize(Dims.AsSpan(s, e - s + 1)));
        for (int d = e + 1; d < Rank; d++) dims.Add(Dims[d]);
        return Reshape([.. dims]);
    }

    static int[] InferShape(int[] shape, int count)
    {
        var dims = (int[])shape.Clone();
        int infer = Array.IndexOf(dims, -1);
        int known = 1;
        for (int d = 0; d < dims.Length; d++) if (d != infer) known *= dims[d];
        if (infer >= 0)
        {
            if (known == 0 || count % known != 0) throw new ArgumentException($"Cannot reshape {count} elements into {ShapeString(shape)}.");
            dims[infer] = count / known;
        }
        else if (known != count) throw new ArgumentException($"Cannot reshape {count} elements into {ShapeString(shape)}.");
        return dims;
    }

    /// <summary>A contiguous tensor with the same values: this one if already contiguous, else a copy.</summary>
    public Tensor Contiguous()
    {
        if (IsContiguous) return this;
        var copy = ContiguousCopy();
        var input = this;
        return Record(copy, "CloneBackward", [this], g => input.AccumulateGrad(g));
    }

    /// <summary>Swaps two dimensions (a view).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = NormalizeDim(dim0, Rank), b = NormalizeDim(dim1, Rank);
        var order = Enumerable.Range(0, Rank).ToArray();
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(order);
    }

    /// <summary>Reorders dimensions (a view): result dimension i is this tensor's dimension order[i].</summary>
    public Tensor Permute(params int[] order)
    {
        if (order.Length != Rank) throw new ArgumentException($"Permute needs {Rank} dimensions, got {order.Length}.");
        var dims = new int[Rank];
        var strides = new int[Rank];
        var inverse = new int[Rank];
        var seen = new bool[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int d = NormalizeDim(order[i], Rank);
            if (seen[d]) throw new ArgumentException($"Permute order repeats dimension {d}.");
            seen[d] = true;
            dims[i] = Dims[d]; strides[i] = Strides[d]; inverse[d] = i;
        }
        var view = new Tensor(this, Offset, dims, strides);
        var input = this;
        return Record(view, "PermuteBackward", [this], g => input.AccumulateGrad(g.Permute(inverse)));
    }

    /// <summary>Shorthand for Transpose(0, 1) of a matrix (<c>.T</c> in PyTorch).</summary>
    public Tensor T => Rank == 2 ? Transpose(0, 1) : throw new InvalidOperationException($"T needs a matrix, not shape {ShapeString(Dims)}.");

    /// <summary>Elements start..start+length−1 along <paramref name="dim"/> (a view).</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        int d = NormalizeDim(dim, Rank);
        if (start < 0 || length < 0 || start + length > Dims[d])
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow({d}, {start}, {length}) is outside dimension of size {Dims[d]}.");
        var dims = (int[])Dims.Clone();
        dims[d] = length;
        var view = new Tensor(this, Offset + start * Strides[d], dims, (int[])Strides.Clone());
        var input = this;
        return Record(view, "NarrowBackward", [this], g =>
        {
            var full = input.ZerosLike();
            full.NarrowView(d, start, length).AssignFrom(g);
            input.AccumulateGrad(full);
        });
    }

    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, with that dimension removed (a view).</summary>
    public Tensor Select(int dim, int index)
    {
        int d = NormalizeDim(dim, Rank);
        int i = index < 0 ? index + Dims[d] : index;
        return Narrow(d, i, 1).Squeeze(d);
    }

    /// <summary>Removes a dimension of size 1.</summary>
    public Tensor Squeeze(int dim)
    {
        int d = NormalizeDim(dim, Rank);
        if (Dims[d] != 1) throw new ArgumentException($"Cannot squeeze dimension {d} of size {Dims[d]}.");
        var view = new Tensor(this, Offset, [.. Dims[..d], .. Dims[(d + 1)..]], [.. Strides[..d], .. Strides[(d + 1)..]]);
        var input = this;
        return Record(view, "SqueezeBackward", [this], g => input.AccumulateGrad(g.Unsqueeze(d)));
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/> (which may equal the rank).</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = dim < 0 ? dim + Rank + 1 : dim;
        if (d < 0 || d > Rank) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"Unsqueeze dimension out of range for rank {Rank}.");
        int stride = d < Rank ? Dims[d] * Strides[d] : 1;
        var view = new Tensor(this, Offset, [.. Dims[..d], 1, .. Dims[d..]], [.. Strides[..d], stride, .. Strides[d..]]);
        var input = this;
        return Record(view, "UnsqueezeBackward", [this], g => input.AccumulateGrad(g.Squeeze(d)));
    }

    /// <summary>Stretches dimensions of size 1 to <paramref name="shape"/> without copying (−1 keeps a size).</summary>
    public Tensor Expand(params int[] shape)
    {
        int lead = shape.Length - Rank;
        if (lead < 0) throw new ArgumentException($"Cannot expand shape {ShapeString(Dims)} to fewer dimensions {ShapeString(shape)}.");
        var target = (int[])shape.Clone();
        for (int d = 0; d < target.Length; d++)
        {
            if (target[d] == -1) target[d] = d >= lead ? Dims[d - lead] : throw new ArgumentException("Expand: -1 is only allowed for existing dimensions.");
            if (d >= lead && Dims[d - lead] != 1 && Dims[d - lead] != target[d])
                throw new ArgumentException($"Cannot expand shape {ShapeString(Dims)} to {ShapeString(shape)}.");
        }
        var view = BroadcastView(target);
        var input = this;
        return Record(view, "ExpandBackward", [this], g => input.AccumulateGrad(g));
    }

    /// <summary>A view of a narrow slice, not recorded in the graph (used by backward passes).</summary>
    internal Tensor NarrowView(int d, int start, int length)
    {
        var dims = (int[])Dims.Clone();
        dims[d] = length;
        return new Tensor(this, Offset + start * Strides[d], dims, Strides);
    }

    /// <summary>Writes <paramref name="source"/> (same shape, any strides) into this tensor's elements in place.</summary>
    internal void AssignFrom(Tensor source)
    {
        if (!Dims.AsSpan().SequenceEqual(source.Dims)) throw new ArgumentException($"Cannot assign shape {ShapeString(source.Dims)} to {ShapeString(Dims)}.");
        var values = source.IsContiguous ? source.AsSpan() : source.ContiguousCopy().AsSpan();
        if (IsContiguous) values.CopyTo(AsSpan());
        else StridedCopy.Scatter(values, Storage, Offset, Dims, Strides);
    }
}
