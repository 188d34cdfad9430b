using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>
/// The RNN, LSTM and GRU steps of the fused kernels written as tensor ops, with PyTorch's equations, for the one
/// case the fused scan cannot take: a variational dropout mask on h_{t−1} inside the recurrence (Gal &amp;
/// Ghahramani 2016). The mask multiplies h_{t−1} where it enters W_hh only; GRU's carry term z ⊙ h_{t−1} and the
/// state passed on stay unmasked. Shapes: x (B, I), H (B, P), C and mask-free cell values (B, H), mask (B, P).
/// </summary>
internal static class ComposedStep
{
    public static RecurrentState Run(GateKernel kernel, Tensor x, RecurrentState state, RecurrentWeights w, Tensor mask)
    {
        var gx = Functional.Linear(x, w.InputWeight, w.InputBias);               // (B, G·H)
        var gh = Functional.Linear(state.H * mask, w.HiddenWeight, w.HiddenBias); // (B, G·H)
        if (kernel == GateKernel.Lstm)
        {
            var g = (gx + gh).Chunk(4, 1); // i, f, g, o
            var c = g[1].Sigmoid() * state.C! + g[0].Sigmoid() * g[2].Tanh();
            var h = g[3].Sigmoid() * c.Tanh();
            return new RecurrentState(w.ProjectionWeight is null ? h : Functional.Linear(h, w.ProjectionWeight, null), c);
        }
        if (kernel == GateKernel.Gru)
        {
            var a = gx.Chunk(3, 1); // r, z, n
            var u = gh.Chunk(3, 1);
            var r = (a[0] + u[0]).Sigmoid();
            var z = (a[1] + u[1]).Sigmoid();
            var n = (a[2] + r * u[2]).Tanh();
            return new RecurrentState((1f - z) * n + z * state.H);
        }
        var pre = gx + gh;
        return new RecurrentState(kernel == GateKernel.RnnRelu ? pre.Relu() : pre.Tanh());
    }
}
