namespace Recur;

/// <summary>
/// Several results of one node live in one flat tensor (autograd nodes have one output each); each result is handed
/// out as a view whose backward adds its gradient into the matching slice of the flat tensor's gradient, so the
/// node's backward runs once with all of them. Results nobody differentiates leave zeros in their slice.
/// </summary>
internal static class PackedOutputs
{
    /// <summary>Offsets of each shape's block in the flat layout, with the total size last.</summary>
    public static int[] Offsets(IReadOnlyList<int[]> shapes)
    {
        var offsets = new int[shapes.Count + 1];
        for (int i = 0; i < shapes.Count; i++) offsets[i + 1] = offsets[i] + Tensor.ShapeSize(shapes[i]);
        return offsets;
    }

    /// <summary>The results as views of <paramref name="packed"/>, recorded when it is.</summary>
    public static Tensor[] Split(Tensor packed, IReadOnlyList<int[]> shapes, int[] offsets)
    {
        var views = new Tensor[shapes.Count];
        for (int i = 0; i < views.Length; i++) views[i] = View(packed, offsets[i], shapes[i]);
        return views;
    }

    public static Tensor View(Tensor packed, int offset, int[] shape)
    {
        var view = new Tensor(packed, offset, shape, Tensor.ContiguousStrides(shape));
        return Tensor.Record(view, "ViewBackward", [packed], grad =>
        {
            packed.Grad ??= packed.ZerosLike();
            var target = packed.Grad.AsSpan().Slice(offset, view.Count);
            var g = grad.IsContiguous ? grad.AsSpan() : grad.ToArray();
            System.Numerics.Tensors.TensorPrimitives.Add(target, g, target);
        });
    }
}
