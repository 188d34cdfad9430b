using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// Fused GRU gate kernel for one time step over B rows (PyTorch's equations, gate order r, z, n):
/// r = σ(x_r + h_r + b_hr), z = σ(x_z + h_z + b_hz), n = tanh(x_n + r ⊙ (h_n + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
/// x = inputGates (input projection with b_ih), h_* = hiddenGates (recurrent projection without bias).
/// Saved per row for backward: r, z, n and h_n + b_hn, as (B, 4H). Shapes: gates (B, 3H), states (B, H).
/// </summary>
public static class GruGates
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Forward(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> hPrev, Span<float> saved, Span<float> h)
    {
        int g3 = 3 * hidden, s4 = 4 * hidden;
        bool bias = !hiddenBias.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            var x = inputGates.Slice(b * g3, g3);
            var y = hiddenGates.Slice(b * g3, g3);
            var s = saved.Slice(b * s4, s4);
            var hp = hPrev.Slice(b * hidden, hidden);
            var hn = h.Slice(b * hidden, hidden);
            int j = 0;
            if (GateMath.Vectorized)
            {
                for (; j <= hidden - GateMath.Width; j += GateMath.Width)
                {
                    var ar = Vector256.Create(x.Slice(j)) + Vector256.Create(y.Slice(j));
                    var az = Vector256.Create(x.Slice(hidden + j)) + Vector256.Create(y.Slice(hidden + j));
                    var hh = Vector256.Create(y.Slice(2 * hidden + j));
                    if (bias)
                    {
                        ar += Vector256.Create(hiddenBias.Slice(j));
                        az += Vector256.Create(hiddenBias.Slice(hidden + j));
                        hh += Vector256.Create(hiddenBias.Slice(2 * hidden + j));
                    }
                    var r = GateMath.Sigmoid(ar);
                    var z = GateMath.Sigmoid(az);
                    var n = GateMath.Tanh(Vector256.Create(x.Slice(2 * hidden + j)) + r * hh);
                    r.CopyTo(s.Slice(j)); z.CopyTo(s.Slice(hidden + j)); n.CopyTo(s.Slice(2 * hidden + j)); hh.CopyTo(s.Slice(3 * hidden + j));
                    (n + z * (Vector256.Create(hp.Slice(j)) - n)).CopyTo(hn.Slice(j));
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
                s[j] = r; s[hidden + j] = z; s[2 * hidden + j] = n; s[3 * hidden + j] = hh;
                hn[j] = n + z * (hp[j] - n);
            }
        }
    }

    /// <summary>
    /// Writes the gradients of the input-side pre-activations, of the hidden-side ones (which differ in the n
    /// block, where r multiplies h_n) and the direct part z ⊙ dh of the previous hidden state's gradient.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Backward(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> saved,
        Span<float> dInputGates, Span<float> dHiddenGates, Span<float> dhPrev)
    {
        int g3 = 3 * hidden, s4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
        {
            var s = saved.Slice(b * s4, s4);
            var dx = dInputGates.Slice(b * g3, g3);
            var dy = dHiddenGates.Slice(b * g3, g3);
            int k = b * hidden;
            int j = 0;
            if (GateMath.Vectorized)
            {
                var one = Vector256<float>.One;
                for (; j <= hidden - GateMath.Width; j += GateMath.Width)
                {
                    var r = Vector256.Create(s.Slice(j));
                    var z = Vector256.Create(s.Slice(hidden + j));
                    var n = Vector256.Create(s.Slice(2 * hidden + j));
                    var hh = Vector256.Create(s.Slice(3 * hidden + j));
                    var d = Vector256.Create(dh.Slice(k + j));
                    var dn = d * (one - z) * (one - n * n);
                    var dz = d * (Vector256.Create(hPrev.Slice(k + j)) - n) * z * (one - z);
                    var dr = dn * hh * r * (one - r);
                    dr.CopyTo(dx.Slice(j)); dz.CopyTo(dx.Slice(hidden + j)); dn.CopyTo(dx.Slice(2 * hidden + j));
                    dr.CopyTo(dy.Slice(j)); dz.CopyTo(dy.Slice(hidden + j)); (dn * r).CopyTo(dy.Slice(2 * hidden + j));
                    (d * z).CopyTo(dhPrev.Slice(k + j));
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
