using Recur.Kernels;

namespace Recur.Nn;

/// <summary>
/// One step of a <see cref="MambaNetwork"/> for B rows, mamba's <c>Mamba.step</c>: per layer, the norm, in_proj,
/// the convolution over the carried last d_conv − 1 inputs and the new one, SiLU, x_proj, Δ = softplus(dt_proj(·)),
/// h ← exp(Δ·A) ⊙ h + Δ·B·x, y = (C·h + D·x)·SiLU(z), out_proj and the residual add; then the final norm. The
/// caller's state row is, per layer, the conv state (d_inner, d_conv − 1) then the SSM state (d_inner, d_state), the
/// layout of <see cref="MambaNetwork.Forward"/>'s carried tensors. Weights are read at each step; the scratch is
/// allocated once.
/// </summary>
internal sealed class MambaStepper : ISequenceStepper
{
    readonly MambaNetwork network;
    readonly int batch, model, inner, states, width, rank, convSize, layerSize;
    readonly float[] h, normed, xz, x, xdbl, dt, y, a;

    public MambaStepper(MambaNetwork network, int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "A stepper needs at least one row.");
        this.network = network; this.batch = batch;
        var m = network.Layers[0].Mixer;
        model = m.ModelSize; inner = m.InnerSize; states = m.StateSize; width = m.ConvWidth; rank = m.DtRank;
        convSize = inner * (width - 1);
        layerSize = convSize + inner * states;
        h = new float[batch * model]; normed = new float[batch * model]; xz = new float[batch * 2 * inner]; x = new float[batch * inner];
        xdbl = new float[batch * (rank + 2 * states)]; dt = new float[batch * inner]; y = new float[batch * inner]; a = new float[inner * states];
    }

    public int Batch => batch;

    public int StateSize => network.NumLayers * layerSize;

    public void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output)
    {
        if (input.Length != batch * network.InputSize || state.Length != batch * StateSize || output.Length != batch * model)
            throw new ArgumentException($"MambaStepper: expected {batch * network.InputSize} inputs, {batch * StateSize} state and {batch * model} outputs; got {input.Length}, {state.Length} and {output.Length}.");
        if (network.InputProjection is { } proj) Linear(input, proj.Weight.AsSpan(), proj.Bias is null ? [] : proj.Bias.AsSpan(), network.InputSize, model, h);
        else input.CopyTo(h);
        for (int l = 0; l < network.NumLayers; l++)
        {
            var (norm, mixer) = network.Layers[l];
            Normalize(norm, h, normed);
            Linear(normed, mixer.InProj.Weight.AsSpan(), [], model, 2 * inner, xz);
            Convolve(mixer, state, l * layerSize);
            Linear(x, mixer.XProj.Weight.AsSpan(), [], inner, rank + 2 * states, xdbl);
            Gemm.Multiply(false, true, batch, inner, rank, 1f, xdbl, rank + 2 * states, mixer.DtProj.Weight.AsSpan(), rank, 0f, dt, inner);
            Scan(mixer, state, l * layerSize + convSize);
            Linear(y, mixer.OutProj.Weight.AsSpan(), [], inner, model, normed);
            for (int i = 0; i < h.Length; i++) h[i] += normed[i];
        }
        Normalize(network.FinalNorm, h, output);
    }

    /// <summary>x = SiLU(conv1d over the row's last d_conv − 1 inputs and the new one), then the history shifts by one.</summary>
    void Convolve(Mamba mixer, Span<float> state, int offset)
    {
        var w = mixer.Conv.Weight.AsSpan();
        var bias = mixer.Conv.Bias.AsSpan();
        int k = width - 1;
        for (int b = 0; b < batch; b++)
            for (int d = 0; d < inner; d++)
            {
                var history = state.Slice(b * StateSize + offset + d * k, k);
                float input = xz[b * 2 * inner + d], sum = bias[d] + w[d * width + k] * input;
                for (int j = 0; j < k; j++) sum += w[d * width + j] * history[j];
                if (k > 0)
                {
                    history[1..].CopyTo(history);
                    history[k - 1] = input;
                }
                x[b * inner + d] = sum / (1f + MathF.Exp(-sum));
            }
    }

    /// <summary>One step of the selective scan per channel: Δ = softplus(dt + bias), the state update and the gated output.</summary>
    void Scan(Mamba mixer, Span<float> state, int offset)
    {
        var aLog = mixer.ALog.AsSpan();
        for (int i = 0; i < a.Length; i++) a[i] = -MathF.Exp(aLog[i]);
        var bias = mixer.DtProj.Bias!.AsSpan();
        var skip = mixer.D.AsSpan();
        int stride = rank + 2 * states;
        for (int b = 0; b < batch; b++)
        {
            var bm = xdbl.AsSpan(b * stride + rank, states);
            var cm = xdbl.AsSpan(b * stride + rank + states, states);
            for (int d = 0; d < inner; d++)
            {
                double raw = dt[b * inner + d] + bias[d];
                float step = (float)(raw > 20 ? raw : Math.Log(1 + Math.Exp(raw)));
                float input = x[b * inner + d], z = xz[b * 2 * inner + inner + d], acc = skip[d] * input;
                var hs = state.Slice(b * StateSize + offset + d * states, states);
                for (int n = 0; n < states; n++)
                {
                    hs[n] = MathF.Exp(step * a[d * states + n]) * hs[n] + step * bm[n] * input;
                    acc += cm[n] * hs[n];
                }
                y[b * inner + d] = acc * z / (1f + MathF.Exp(-z));
            }
        }
    }

    void Linear(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int inSize, int outSize, Span<float> result)
    {
        Gemm.Multiply(false, true, batch, outSize, inSize, 1f, input, inSize, weight, inSize, 0f, result, outSize);
        if (bias.IsEmpty) return;
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outSize; o++) result[b * outSize + o] += bias[o];
    }

    /// <summary>The block's RMSNorm or LayerNorm over each row.</summary>
    void Normalize(IUnaryModule norm, ReadOnlySpan<float> input, Span<float> result)
    {
        for (int b = 0; b < batch; b++)
        {
            var row = input.Slice(b * model, model);
            var dst = result.Slice(b * model, model);
            if (norm is RmsNorm rms) rms.ForwardRow(row, dst);
            else ((LayerNorm)norm).ForwardRow(row, dst);
        }
    }
}
