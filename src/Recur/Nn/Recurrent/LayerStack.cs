namespace Recur.Nn;

/// <summary>
/// Stacking and bidirectionality, written once for every recurrent network (fused <see cref="RecurrentNetwork"/>
/// and composed <see cref="CellNetwork"/>): each layer runs its directions over the same input, the reverse
/// outputs already in time order, concatenated on the feature axis; between layers come dropout and, when asked,
/// a residual connection. x is (T, B, F) throughout; final states are stacked to (layers·D, B, P) [(…, B, H)].
/// </summary>
internal static class LayerStack
{
    /// <summary>One (layer, direction) over x (T, B, F) from its initial state: output (T, B, P) and final state.</summary>
    public delegate (Tensor Output, RecurrentState Final) Direction(int layer, int direction, Tensor x, RecurrentState initial);

    public static (Tensor Output, RecurrentState State) Forward(Tensor x, int layers, int directions, Func<int, RecurrentState> initial,
        Direction run, float dropout, RecurrentOptions options, bool training, Generator? generator)
    {
        var hn = new Tensor[layers * directions];
        var cn = new Tensor?[layers * directions];
        for (int layer = 0; layer < layers; layer++)
        {
            x = Functional.LockedDropout(x, options.InputDropout, training, generator);
            var input = x;
            var outputs = new Tensor[directions];
            for (int dir = 0; dir < directions; dir++)
            {
                int k = layer * directions + dir;
                (outputs[dir], var final) = run(layer, dir, input, initial(k));
                (hn[k], cn[k]) = (final.H, final.C);
            }
            x = directions == 1 ? outputs[0] : Tensor.Concat(outputs, 2);
            if (options.ResidualFrom is int from && layer >= from) x += input;
            if (layer < layers - 1 && dropout > 0 && training) x = Functional.Dropout(x, dropout, true, generator);
            if (layer < layers - 1) x = Functional.LockedDropout(x, options.HiddenDropout, training, generator);
        }
        x = Functional.LockedDropout(x, options.OutputDropout, training, generator);
        var c = cn[0] is null ? null : Tensor.Stack(cn.Select(t => t!).ToArray(), 0);
        return (x, new RecurrentState(Tensor.Stack(hn, 0), c));
    }

    /// <summary>Checks lengths against (T, B): one per row, each in 1..T.</summary>
    public static void CheckLengths(int[] lengths, int steps, int batch)
    {
        if (lengths.Length != batch) throw new ArgumentException($"lengths has {lengths.Length} entries for a batch of {batch}.");
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentException($"lengths[{b}] = {lengths[b]} is outside 1..{steps} (the sequence length).");
    }
}
