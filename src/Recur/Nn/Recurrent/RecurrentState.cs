namespace Recur.Nn;

/// <summary>
/// The state a recurrent cell or network carries between steps: H, and C for an LSTM (null otherwise).
/// For a cell: H (B, P), C (B, H). For a network: H (layers·directions, B, P), C (layers·directions, B, H), as
/// PyTorch returns h_n and c_n. P is the hidden size, or proj_size for an LSTM with a projection.
/// </summary>
public readonly record struct RecurrentState(Tensor H, Tensor? C = null)
{
    /// <summary>The same values cut from the graph, to carry into the next chunk in truncated BPTT.</summary>
    public RecurrentState Detach() => new(H.Detach(), C?.Detach());

    /// <summary>
    /// Checks a cell's step input (B, inputSize) and state (B, hiddenSize) and fills what is missing with zeros:
    /// a null state, or a null C for a cell that has one. Errors name <paramref name="cell"/> and both shapes.
    /// </summary>
    internal static RecurrentState ForCellStep(string cell, Tensor input, RecurrentState? state, int inputSize, int hiddenSize, bool hasCellState)
    {
        if (input.Rank != 2 || input.Size(1) != inputSize)
            throw new ArgumentException($"{cell} expects input of shape (B, {inputSize}), got {Tensor.ShapeString(input.Shape)}.");
        int batch = input.Size(0);
        var h = state?.H ?? Tensor.Zeros(batch, hiddenSize);
        if (!h.Shape.SequenceEqual([batch, hiddenSize]))
            throw new ArgumentException($"{cell}: state H must have shape ({batch}, {hiddenSize}), got {Tensor.ShapeString(h.Shape)}.");
        var c = hasCellState ? state?.C ?? Tensor.Zeros(batch, hiddenSize) : null;
        return new RecurrentState(h, c);
    }
}
