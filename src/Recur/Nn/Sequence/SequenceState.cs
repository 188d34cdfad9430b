namespace Recur.Nn;

/// <summary>
/// What an <see cref="ISequenceLayer"/> carries across chunks: a list of tensors whose first axis is the batch —
/// a recurrence's last hidden state, a causal convolution's last inputs, a state-space model's state — in an order
/// the layer defines. Empty for a layer that carries nothing.
/// </summary>
public sealed record SequenceState(IReadOnlyList<Tensor> Tensors)
{
    public static SequenceState Empty { get; } = new(Array.Empty<Tensor>());

    /// <summary>The same values cut from the graph, to carry into the next chunk in truncated BPTT.</summary>
    public SequenceState Detach() => new(Tensors.Select(t => t.Detach()).ToArray());

    /// <summary>The state of the given batch rows, in that order (for decoders that reorder hypotheses).</summary>
    public SequenceState Select(ReadOnlySpan<int> rows)
    {
        var picked = new Tensor[Tensors.Count];
        for (int i = 0; i < picked.Length; i++) picked[i] = Tensors[i].IndexSelect(0, rows);
        return new SequenceState(picked);
    }

    /// <summary>Checks that the state has <paramref name="shapes"/>, naming <paramref name="layer"/> in the error.</summary>
    public void CheckShapes(string layer, params int[][] shapes)
    {
        if (Tensors.Count != shapes.Length)
            throw new ArgumentException($"{layer} carries {shapes.Length} state tensors, got {Tensors.Count}.");
        for (int i = 0; i < shapes.Length; i++)
            if (!Tensors[i].Shape.SequenceEqual(shapes[i]))
                throw new ArgumentException($"{layer}: state tensor {i} must have shape {Tensor.ShapeString(shapes[i])}, got {Tensor.ShapeString(Tensors[i].Shape)}.");
    }
}
