using Recur.Kernels.Convolution;

namespace Recur.Nn;

/// <summary>Convolution over time and weight normalisation.</summary>
public static partial class Functional
{
    /// <summary>
    /// torch.nn.functional.conv1d: input (B, C_in, T), weight (C_out, C_in/groups, K), optional bias (C_out), zero
    /// padding of <paramref name="padding"/> frames on both sides; returns (B, C_out, ⌊(T + 2p − d·(K−1) − 1)/s⌋ + 1).
    /// One fused node (<see cref="Fused.Conv1d"/>).
    /// </summary>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        Conv1d(input, weight, bias, stride, padding, padding, dilation, groups);

    /// <summary>
    /// A causal convolution (Bai, Kolter &amp; Koltun 2018, §3.2): zero padding of d·(K−1) frames on the left only,
    /// so output t (at stride 1, T outputs) reads inputs t − d·(K−1) … t. This equals the reference TCN's symmetric
    /// padding followed by chopping the last d·(K−1) outputs, without computing them.
    /// </summary>
    public static Tensor CausalConv1d(Tensor input, Tensor weight, Tensor? bias = null, int dilation = 1, int stride = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 3) throw new ArgumentException($"CausalConv1d expects a weight of shape (C_out, C_in/groups, K), got {Tensor.ShapeString(weight.Shape)}.", nameof(weight));
        return Conv1d(input, weight, bias, stride, dilation * (weight.Shape[2] - 1), 0, dilation, groups);
    }

    static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias, int stride, int padLeft, int padRight, int dilation, int groups)
    {
        ArgumentNullException.ThrowIfNull(input); ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank != 3) throw new ArgumentException($"Conv1d expects input of shape (B, C_in, T), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        if (weight.Rank != 3) throw new ArgumentException($"Conv1d expects a weight of shape (C_out, C_in/groups, K), got {Tensor.ShapeString(weight.Shape)}.", nameof(weight));
        if (groups < 1 || input.Shape[1] % groups != 0 || weight.Shape[1] * groups != input.Shape[1])
            throw new ArgumentException($"Conv1d: input has {input.Shape[1]} channels, but the weight {Tensor.ShapeString(weight.Shape)} with {groups} groups expects {weight.Shape[1] * groups}.", nameof(weight));
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0]))
            throw new ArgumentException($"Conv1d: the bias must have shape ({weight.Shape[0]}), got {Tensor.ShapeString(bias.Shape)}.", nameof(bias));
        var geometry = new Conv1dGeometry(input.Shape[0], input.Shape[1], weight.Shape[0], input.Shape[2], weight.Shape[2],
            stride, dilation, padLeft, padRight, groups);
        var function = new Fused.Conv1d(geometry);
        return (bias is null ? function.Apply(input, weight) : function.Apply(input, weight, bias))[0];
    }

    /// <summary>
    /// Weight normalisation (Salimans &amp; Kingma 2016, eq. 2) over every axis but the first, as
    /// torch.nn.utils.weight_norm(dim=0): w = g·v/‖v‖ with one norm per output channel, g of shape (C_out, 1, …, 1).
    /// A composition, so its gradient (eq. 3) comes from the primitives'.
    /// </summary>
    public static Tensor WeightNorm(Tensor v, Tensor g)
    {
        ArgumentNullException.ThrowIfNull(v); ArgumentNullException.ThrowIfNull(g);
        if (g.Rank != v.Rank || g.Shape[0] != v.Shape[0] || g.Count != v.Shape[0])
            throw new ArgumentException($"WeightNorm: g must have shape ({v.Shape[0]}{string.Concat(Enumerable.Repeat(", 1", v.Rank - 1))}) for v of shape {Tensor.ShapeString(v.Shape)}, got {Tensor.ShapeString(g.Shape)}.", nameof(g));
        var squares = v * v;
        for (int axis = v.Rank - 1; axis >= 1; axis--) squares = squares.Sum(axis, keepDim: true);
        return v * (g / squares.Sqrt());
    }
}
