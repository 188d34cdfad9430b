namespace Recur.Nn;

/// <summary>
/// Runs one (layer, direction) either whole or, for gradient checkpointing, in chunks of k steps, each wrapped in
/// <see cref="Tensor.Checkpoint"/> with the state carried from chunk to chunk (Chen et al. 2016). Only the chunk
/// boundary states and the inputs stay alive between forward and backward; each chunk's internals are recomputed
/// when backward reaches it. The reverse direction visits the chunks last to first.
/// </summary>
internal static class CheckpointedScan
{
    /// <summary>
    /// One chunk: x (T', B, F) and the entering state to the output (T', B, P) and leaving state. It must read
    /// the tensors that need gradients from <c>parameters</c> (or from leaves), not from the enclosing graph.
    /// </summary>
    public delegate (Tensor Output, RecurrentState Final) Chunk(Tensor x, RecurrentState state, int[]? lengths, Tensor[] parameters);

    public static (Tensor Output, RecurrentState Final) Run(Chunk scan, Tensor x, RecurrentState state, int[]? lengths,
        bool reverse, Tensor[] parameters, int every)
    {
        int T = x.Size(0);
        if (every <= 0 || every >= T) return scan(x, state, lengths, parameters);
        int chunks = (T + every - 1) / every;
        bool cell = state.C is not null;
        int first = cell ? 3 : 2;
        var outputs = new Tensor[chunks];
        for (int s = 0; s < chunks; s++)
        {
            int k = reverse ? chunks - 1 - s : s, t0 = k * every, n = Math.Min(every, T - t0);
            // Row b is active at global t iff t < len[b], i.e. at local t − t0 iff t − t0 < len[b] − t0.
            var local = lengths?.Select(l => Math.Clamp(l - t0, 0, n)).ToArray();
            Tensor[] inputs = [x.Narrow(0, t0, n), state.H, .. cell ? new[] { state.C! } : [], .. parameters];
            var result = Tensor.Checkpoint(a =>
            {
                var (output, final) = scan(a[0], new RecurrentState(a[1], cell ? a[2] : null), local, a[first..]);
                return final.C is null ? [output, final.H] : [output, final.H, final.C];
            }, inputs);
            outputs[k] = result[0];
            state = new RecurrentState(result[1], cell ? result[2] : null);
        }
        return (Tensor.Concat(outputs, 0), state);
    }
}
