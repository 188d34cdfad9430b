namespace Recur.Recurrent;

/// <summary>
/// Several results of one fused node live in one flat tensor; each is handed out as a view whose backward adds
/// its gradient into the matching slice of the flat tensor's gradient, so the node's backward runs once with
/// all of them.
/// </summary>
internal static class PackedOutputs
{
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
