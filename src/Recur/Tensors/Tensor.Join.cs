namespace Recur;

/// <summary>Joining and splitting along a dimension; split parts are narrow views.</summary>
public sealed partial class Tensor
{
    /// <summary>Joins tensors along an existing dimension (all other dimensions must match).</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("Concat needs at least one tensor.");
        var first = tensors[0];
        int d = NormalizeDim(dim, first.Rank);
        var dims = (int[])first.Dims.Clone();
        dims[d] = 0;
        foreach (var t in tensors)
        {
            for (int k = 0; k < first.Rank; k++)
                if (t.Rank != first.Rank || k != d && t.Dims[k] != first.Dims[k])
                    throw new ArgumentException($"Concat along {d}: shape {ShapeString(t.Dims)} does not match {ShapeString(first.Dims)}.");
            dims[d] += t.Dims[d];
        }
        var result = new Tensor(new float[ShapeSize(dims)], dims);
        var starts = new int[tensors.Count];
        int start = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            starts[i] = start;
            result.NarrowView(d, start, tensors[i].Dims[d]).AssignFrom(tensors[i]);
            start += tensors[i].Dims[d];
        }
        var inputs = tensors.ToArray();
        return Record(result, "CatBackward", inputs, g =>
        {
            for (int i = 0; i < inputs.Length; i++)
                if (inputs[i].requiresGrad) inputs[i].AccumulateGrad(g.NarrowView(d, starts[i], inputs[i].Dims[d]));
        });
    }

    /// <summary>Joins equally shaped tensors along a new dimension.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("Stack needs at least one tensor.");
        return Concat(tensors.Select(t => t.Unsqueeze(dim)).ToArray(), dim);
    }

    /// <summary>Splits into parts of the given sizes along <paramref name="dim"/> (views).</summary>
    public Tensor[] Split(int[] sizes, int dim = 0)
    {
        int d = NormalizeDim(dim, Rank);
        if (sizes.Sum() != Dims[d]) throw new ArgumentException($"Split sizes sum to {sizes.Sum()}, but dimension {d} has size {Dims[d]}.");
        var parts = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++) { parts[i] = Narrow(d, start, sizes[i]); start += sizes[i]; }
        return parts;
    }

    /// <summary>Splits into <paramref name="chunks"/> equal parts along <paramref name="dim"/> (views).</summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        int d = NormalizeDim(dim, Rank);
        if (chunks <= 0 || Dims[d] % chunks != 0) throw new ArgumentException($"Cannot split dimension {d} of size {Dims[d]} into {chunks} equal chunks.");
        return Split(Enumerable.Repeat(Dims[d] / chunks, chunks).ToArray(), d);
    }
}
