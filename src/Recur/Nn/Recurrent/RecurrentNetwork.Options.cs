using Recur.Fused;
using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>
/// How one (layer, direction) of a fused network runs under <see cref="RecurrentOptions"/>: DropConnect swaps
/// W_hh for a masked copy (an autograd composition, so the fused scan is unchanged); a state dropout mask sends
/// the layer through the composed step path; checkpointing cuts the sequence into recomputed chunks.
/// </summary>
public abstract partial class RecurrentNetwork
{
    (Tensor Output, RecurrentState Final) RunDirection(int layer, int dir, Tensor x, RecurrentState initial, int[]? lengths)
    {
        var w = weights[layer * Directions + dir];
        if (Training && Options.WeightDropout > 0)
            w = w with { HiddenWeight = Functional.Dropout(w.HiddenWeight, Options.WeightDropout, true, generator) };
        bool reverse = dir == 1;
        var mask = Training && Options.StateDropout > 0
            ? Functional.DropoutMask([x.Size(1), OutputSize], Options.StateDropout, generator ?? Generator.Default)
            : null;
        CheckpointedScan.Chunk scan = mask is null
            ? (xs, s, len, ps) =>
            {
                var r = RecurrentScan.Run(kernel, xs, s.H, s.C, Rebind(w, ps), len, reverse);
                return (r.Output, new RecurrentState(r.H, r.C));
            }
            : (xs, s, len, ps) =>
            {
                var bound = Rebind(w, ps);
                return StepScan.Run((xt, st) => ComposedStep.Run(kernel, xt, st, bound, mask), xs, s, len, reverse);
            };
        return CheckpointedScan.Run(scan, x, initial, lengths, reverse, w.All(), Options.CheckpointEvery);
    }

    /// <summary>The same weights with the tensors of <paramref name="ps"/>, in <see cref="RecurrentWeights.All"/>'s order.</summary>
    static RecurrentWeights Rebind(RecurrentWeights w, Tensor[] ps)
    {
        int i = 2;
        return new RecurrentWeights(ps[0], ps[1], w.InputBias is null ? null : ps[i++], w.HiddenBias is null ? null : ps[i++],
            w.ProjectionWeight is null ? null : ps[i++]);
    }
}
