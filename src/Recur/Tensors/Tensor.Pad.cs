namespace Recur;

/// <summary>Constant padding, as <c>torch.nn.functional.pad</c>; its backward is the gradient's inner region.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Pads with <paramref name="value"/>. <paramref name="pads"/> holds (before, after) pairs starting from the last
    /// dimension, as in PyTorch: <c>Pad([1, 2])</c> adds one column on the left and two on the right; a negative
    /// amount crops.
    /// </summary>
    public Tensor Pad(ReadOnlySpan<int> pads, float value = 0f)
    {
        if (pads.Length % 2 != 0 || pads.Length / 2 > Rank)
            throw new ArgumentException($"Pad needs (before, after) pairs for at most {Rank} dimensions, got {pads.Length} values.");
        var dims = (int[])Dims.Clone();
        var before = new int[Rank];
        for (int p = 0; p < pads.Length / 2; p++)
        {
            int d = Rank - 1 - p;
            before[d] = pads[2 * p];
            dims[d] += pads[2 * p] + pads[2 * p + 1];
            if (dims[d] < 0) throw new ArgumentException($"Pad crops dimension {d} of size {Dims[d]} below zero.");
        }
        var result = Full(value, dims);
        var (inside, source) = (result, this);
        for (int d = 0; d < Rank; d++)
        {
            int from = Math.Max(0, -before[d]), to = Math.Max(0, before[d]);
            int length = Math.Min(Dims[d] - from, dims[d] - to);
            if (length <= 0) return Record(result, "PadBackward", [this], _ => { });
            inside = inside.NarrowView(d, to, length);
            source = source.NarrowView(d, from, length);
        }
        inside.AssignFrom(source);
        var input = this;
        return Record(result, "PadBackward", [this], g =>
        {
            var (gInside, full) = (g, input.ZerosLike());
            var target = full;
            for (int d = 0; d < input.Rank; d++)
            {
                int from = Math.Max(0, -before[d]), to = Math.Max(0, before[d]);
                int length = Math.Min(input.Dims[d] - from, dims[d] - to);
                gInside = gInside.NarrowView(d, to, length);
                target = target.NarrowView(d, from, length);
            }
            target.AssignFrom(gInside);
            input.AccumulateGrad(full, owned: true);
        });
    }
}
