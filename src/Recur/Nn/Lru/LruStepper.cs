using System.Numerics.Tensors;

namespace Recur.Nn;

/// <summary>
/// Streaming <see cref="LruNetwork"/>, one row at a time: encoder, then per block LayerNorm, b = γ ⊙ (B n),
/// h ← λ ⊙ h + b on the caller's state (Re then Im), y = C_re·Re h − C_im·Im h + D ⊙ n, GELU, the output layer and the
/// residual. λ and γ are recomputed from the parameters at each step (N exponentials, cheap beside the products),
/// so the stepper follows training updates; no dropout.
/// </summary>
internal sealed class LruStepper : ISequenceStepper
{
    readonly LruNetwork network;
    readonly float[] u, n, bRe, bIm, y, o, lRe, lIm, gamma;

    public LruStepper(LruNetwork network, int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "A stepper needs at least one row.");
        this.network = network; Batch = batch;
        int h = network.HiddenSize, s = network.StateSize, blocks = network.NumLayers;
        (u, n, y, o) = (new float[h], new float[h], new float[h], new float[h]);
        (bRe, bIm) = (new float[s], new float[s]);
        (lRe, lIm, gamma) = (new float[blocks * s], new float[blocks * s], new float[blocks * s]);
    }

    public int Batch { get; }

    public int StateSize => network.NumLayers * 2 * network.StateSize;

    public void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output)
    {
        int inSize = network.InputSize, h = network.HiddenSize, s = network.StateSize;
        if (input.Length != Batch * inSize || state.Length != Batch * StateSize || output.Length != Batch * h)
            throw new ArgumentException($"LruNetwork stepper: expected input {Batch}×{inSize}, state {Batch}×{StateSize} and output {Batch}×{h} floats; got {input.Length}, {state.Length} and {output.Length}.");
        for (int l = 0; l < network.NumLayers; l++)
        {
            var lru = network.Blocks[l].Recurrence;
            ReadOnlySpan<float> nu = lru.NuLog.AsSpan(), theta = lru.ThetaLog.AsSpan(), g = lru.GammaLog.AsSpan();
            for (int i = 0; i < s; i++)
            {
                float r = MathF.Exp(-MathF.Exp(nu[i])), phase = MathF.Exp(theta[i]);
                lRe[l * s + i] = r * MathF.Cos(phase); lIm[l * s + i] = r * MathF.Sin(phase); gamma[l * s + i] = MathF.Exp(g[i]);
            }
        }
        for (int b = 0; b < Batch; b++)
        {
            var x = input.Slice(b * inSize, inSize);
            if (network.Encoder is { } encoder) encoder.ForwardRow(x, u);
            else x.CopyTo(u);
            for (int l = 0; l < network.NumLayers; l++)
            {
                var block = network.Blocks[l];
                var lru = block.Recurrence;
                block.Norm.ForwardRow(u, n);
                Linear.Row(lru.BRe.AsSpan(), default, n, bRe); Linear.Row(lru.BIm.AsSpan(), default, n, bIm);
                var hRe = state.Slice(b * StateSize + l * 2 * s, s);
                var hIm = state.Slice(b * StateSize + l * 2 * s + s, s);
                for (int i = 0; i < s; i++)
                {
                    float ar = lRe[l * s + i], ai = lIm[l * s + i], gm = gamma[l * s + i];
                    (hRe[i], hIm[i]) = (ar * hRe[i] - ai * hIm[i] + gm * bRe[i], ar * hIm[i] + ai * hRe[i] + gm * bIm[i]);
                }
                Linear.Row(lru.CRe.AsSpan(), default, hRe, y);
                Linear.Row(lru.CIm.AsSpan(), default, hIm, o);
                TensorPrimitives.Subtract(y, o, y);
                TensorPrimitives.MultiplyAdd(lru.D.AsSpan(), n, y, y);
                for (int i = 0; i < h; i++) y[i] = Fused.Gelu.Tanh(y[i]);
                block.Out.ForwardRow(y, o);
                TensorPrimitives.Add(u, o, u);
            }
            u.CopyTo(output.Slice(b * h, h));
        }
    }
}
