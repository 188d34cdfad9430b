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
}
