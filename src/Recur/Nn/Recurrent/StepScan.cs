namespace Recur.Nn;

/// <summary>
/// The composed path of a recurrent layer: a step function applied at each time step, with autograd through
/// ordinary tensor ops. Used where the fused scan does not apply (cells built from tensor ops, a dropout mask
/// inside the recurrence). Shapes: x (T, B, I), H (B, P), C (B, H); output (T, B, P).
/// Lengths follow the fused scan: row b is active at t iff t &lt; len[b]; an inactive step keeps the row's state
/// and outputs zeros, so the reverse direction effectively starts at len[b] − 1.
/// </summary>
internal static class StepScan
{
    public static (Tensor Output, RecurrentState Final) Run(Func<Tensor, RecurrentState, RecurrentState> step, Tensor x,
        RecurrentState state, int[]? lengths, bool reverse)
    {
        int T = x.Size(0), B = x.Size(1);
        var outputs = new Tensor[T];
        for (int s = 0; s < T; s++)
        {
            int t = reverse ? T - 1 - s : s;
            var next = step(x.Select(0, t), state);
            int active = lengths?.Count(l => t < l) ?? B;
            if (active == B) { outputs[t] = next.H; state = next; continue; }
            if (active == 0) { outputs[t] = next.H.ZerosLike(); continue; }
            // Blend with exact 0/1 weights, so active rows take the new state bit for bit.
            var on = Tensor.Zeros(B, 1);
            for (int b = 0; b < B; b++) on[b, 0] = t < lengths![b] ? 1f : 0f;
            var off = 1f - on;
            outputs[t] = next.H * on;
            state = new RecurrentState(next.H * on + state.H * off, next.C is null ? null : next.C * on + state.C! * off);
        }
        return (Tensor.Stack(outputs, 0), state);
    }
}
