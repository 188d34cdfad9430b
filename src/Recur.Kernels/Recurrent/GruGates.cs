using System.Runtime.CompilerServices;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// Fused GRU gate kernel for one time step over B rows (PyTorch's equations, gate order r, z, n):
/// r = σ(x_r + h_r + b_hr), z = σ(x_z + h_z + b_hz), n = tanh(x_n + r ⊙ (h_n + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
/// x = inputGates (input projection with b_ih), h_* = hiddenGates (recurrent projection without bias).
/// Saved per row for backward: r, z, n and h_n + b_hn, as (B, 4H), or nothing when saved is empty (inference).
/// Shapes: gates (B, 3H), states (B, H).
/// </summary>
public static class GruGates
{
    public static void Forward(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> hPrev, Span<float> saved, Span<float> h)
    {
        if (Lanes512.IsAccelerated) Forward<Lanes512>(batch, hidden, inputGates, hiddenGates, hiddenBias, hPrev, saved, h);
        else Forward<Lanes256>(batch, hidden, inputGates, hiddenGates, hiddenBias, hPrev, saved, h);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Forward<TLanes>(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> hPrev, Span<float> saved, Span<float> h)
        where TLanes : struct, IGateLanes<TLanes>
    {
        int g3 = 3 * hidden, s4 = 4 * hidden;
        bool bias = !hiddenBias.IsEmpty, save = !saved.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            var x = inputGates.Slice(b * g3, g3);
            var y = hiddenGates.Slice(b * g3, g3);
            var s = save ? saved.Slice(b * s4, s4) : default;
            var hp = hPrev.Slice(b * hidden, hidden);
            var hn = h.Slice(b * hidden, hidden);
            int j = 0;
            if (TLanes.IsAccelerated)
            {
                for (; j <= hidden - TLanes.Count; j += TLanes.Count)
                {
                    var ar = TLanes.Load(x.Slice(j)) + TLanes.Load(y.Slice(j));
                    var az = TLanes.Load(x.Slice(hidden + j)) + TLanes.Load(y.Slice(hidden + j));
                    var hh = TLanes.Load(y.Slice(2 * hidden + j));
                    if (bias)
                    {
                        ar += TLanes.Load(hiddenBias.Slice(j));
                        az += TLanes.Load(hiddenBias.Slice(hidden + j));
                        hh += TLanes.Load(hiddenBias.Slice(2 * hidden + j));
                    }
                    var r = TLanes.Sigmoid(ar);
                    var z = TLanes.Sigmoid(az);
                    var n = TLanes.Tanh(TLanes.Load(x.Slice(2 * hidden + j)) + r * hh);
                    if (save) { r.Store(s.Slice(j)); z.Store(s.Slice(hidden + j)); n.Store(s.Slice(2 * hidden + j)); hh.Store(s.Slice(3 * hidden + j)); }
                    (n + z * (TLanes.Load(hp.Slice(j)) - n)).Store(hn.Slice(j));
                }
            }
            for (; j < hidden; j++)
            {
                float br = 0, bz = 0, bn = 0;
                if (bias) { br = hiddenBias[j]; bz = hiddenBias[hidden + j]; bn = hiddenBias[2 * hidden + j]; }
                float r = GateMath.Sigmoid(x[j] + y[j] + br);
                float z = GateMath.Sigmoid(x[hidden + j] + y[hidden + j] + bz);
                float hh = y[2 * hidden + j] + bn;
                float n = GateMath.Tanh(x[2 * hidden + j] + r * hh);
                if (save) { s[j] = r; s[hidden + j] = z; s[2 * hidden + j] = n; s[3 * hidden + j] = hh; }
                hn[j] = n + z * (hp[j] - n);
            }
        }
    }

    /// <summary>
    /// Writes the gradients of the input-side pre-activations, of the hidden-side ones (which differ in the n
    /// block, where r multiplies h_n) and the direct part z ⊙ dh of the previous hidden state's gradient.
    /// </summary>
    public static void Backward(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> saved,
        Span<float> dInputGates, Span<float> dHiddenGates, Span<float> dhPrev)
    {
        if (Lanes512.IsAccelerated) Backward<Lanes512>(batch, hidden, dh, hPrev, saved, dInputGates, dHiddenGates, dhPrev);
        else Backward<Lanes256>(batch, hidden, dh, hPrev, saved, dInputGates, dHiddenGates, dhPrev);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Backward<TLanes>(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> saved,
        Span<float> dInputGates, Span<float> dHiddenGates, Span<float> dhPrev)
        where TLanes : struct, IGateLanes<TLanes>
    {
        int g3 = 3 * hidden, s4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
        {
            var s = saved.Slice(b * s4, s4);
            var dx = dInputGates.Slice(b * g3, g3);
            var dy = dHiddenGates.Slice(b * g3, g3);
            int k = b * hidden;
            int j = 0;
            if (TLanes.IsAccelerated)
            {
                var one = TLanes.One;
                for (; j <= hidden - TLanes.Count; j += TLanes.Count)
                {
                    var r = TLanes.Load(s.Slice(j));
                    var z = TLanes.Load(s.Slice(hidden + j));
                    var n = TLanes.Load(s.Slice(2 * hidden + j));
                    var hh = TLanes.Load(s.Slice(3 * hidden + j));
                    var d = TLanes.Load(dh.Slice(k + j));
                    var dn = d * (one - z) * (one - n * n);
                    var dz = d * (TLanes.Load(hPrev.Slice(k + j)) - n) * z * (one - z);
                    var dr = dn * hh * r * (one - r);
                    dr.Store(dx.Slice(j)); dz.Store(dx.Slice(hidden + j)); dn.Store(dx.Slice(2 * hidden + j));
                    dr.Store(dy.Slice(j)); dz.Store(dy.Slice(hidden + j)); (dn * r).Store(dy.Slice(2 * hidden + j));
                    (d * z).Store(dhPrev.Slice(k + j));
                }
            }
            for (; j < hidden; j++)
            {
                float r = s[j], z = s[hidden + j], n = s[2 * hidden + j], hh = s[3 * hidden + j], d = dh[k + j];
                float dn = d * (1 - z) * (1 - n * n);
                float dz = d * (hPrev[k + j] - n) * z * (1 - z);
                float dr = dn * hh * r * (1 - r);
                dx[j] = dr; dx[hidden + j] = dz; dx[2 * hidden + j] = dn;
                dy[j] = dr; dy[hidden + j] = dz; dy[2 * hidden + j] = dn * r;
                dhPrev[k + j] = d * z;
            }
        }
    }
}
