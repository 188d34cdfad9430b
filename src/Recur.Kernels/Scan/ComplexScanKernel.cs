using System.Numerics;

namespace Recur.Kernels.Scan;

/// <summary>
/// The complex linear recurrence h_t = a_t ⊙ h_{t−1} + b_t over (T, N) buffers held as separate real and imaginary
/// planes (so each plane is a plain float row that vectorises like the real scan), sequential in time, vectorised
/// and split across channels. Backward, with g = ∂L/∂Re h + i·∂L/∂Im h for a real loss L (the convention under which
/// the chain rule reads like the real one with conjugates): g_t = ∂L/∂h_t + conj(a_{t+1}) ⊙ g_{t+1}, ∂L/∂b_t = g_t,
/// ∂L/∂a_t = g_t ⊙ conj(h_{t−1}), ∂L/∂h0 = conj(a_0) ⊙ g_0.
/// </summary>
public static class ComplexScanKernel
{
    /// <summary>Writes h (T, N) as two planes; h0 planes may be empty (zero).</summary>
    public static unsafe void Forward(int steps, int channels, ReadOnlySpan<float> aRe, ReadOnlySpan<float> aIm, ReadOnlySpan<float> bRe,
        ReadOnlySpan<float> bIm, ReadOnlySpan<float> h0Re, ReadOnlySpan<float> h0Im, Span<float> hRe, Span<float> hIm)
    {
        LinearScanKernel.Check(steps, channels, aRe.Length, bRe.Length, h0Re.Length, hRe.Length, "Forward (complex, real planes)");
        LinearScanKernel.Check(steps, channels, aIm.Length, bIm.Length, h0Im.Length, hIm.Length, "Forward (complex, imaginary planes)");
        if (h0Re.Length != h0Im.Length) throw new ArgumentException("ComplexScanKernel: h0's real and imaginary planes must both be given or both be empty.");
        fixed (float* ar = aRe, ai = aIm, br = bRe, bi = bIm, h0r = h0Re, h0i = h0Im, hr = hRe, hi = hIm)
        {
            var work = new Work(steps, channels, ar, ai, br, bi, h0Re.IsEmpty ? null : h0r, h0i, hr, hi, null, null, null, null, null, null, null, null);
            ChannelBlocks.Run(ref work, steps, channels);
        }
    }

    /// <summary>
    /// From h and ∂L/∂h (planes), writes ∂L/∂b (which holds g) and, when not empty, ∂L/∂a and ∂L/∂h0 (all as planes).
    /// </summary>
    public static unsafe void Backward(int steps, int channels, ReadOnlySpan<float> aRe, ReadOnlySpan<float> aIm, ReadOnlySpan<float> h0Re,
        ReadOnlySpan<float> h0Im, ReadOnlySpan<float> hRe, ReadOnlySpan<float> hIm, ReadOnlySpan<float> dhRe, ReadOnlySpan<float> dhIm,
        Span<float> daRe, Span<float> daIm, Span<float> dbRe, Span<float> dbIm, Span<float> dh0Re, Span<float> dh0Im)
    {
        LinearScanKernel.Check(steps, channels, aRe.Length, dbRe.Length, h0Re.Length, hRe.Length, "Backward (complex, real planes)");
        LinearScanKernel.Check(steps, channels, aIm.Length, dbIm.Length, h0Im.Length, hIm.Length, "Backward (complex, imaginary planes)");
        long cells = (long)steps * channels;
        if (dhRe.Length != cells || dhIm.Length != cells || daRe.Length != daIm.Length || (!daRe.IsEmpty && daRe.Length != cells)
            || dh0Re.Length != dh0Im.Length || (!dh0Re.IsEmpty && dh0Re.Length != channels))
            throw new ArgumentException($"ComplexScanKernel.Backward: ∂L/∂h and ∂L/∂a planes must hold {cells} cells and ∂L/∂h0 planes {channels}.");
        fixed (float* ar = aRe, ai = aIm, h0r = h0Re, h0i = h0Im, hr = hRe, hi = hIm, dhr = dhRe, dhi = dhIm)
        fixed (float* dar = daRe, dai = daIm, dbr = dbRe, dbi = dbIm, d0r = dh0Re, d0i = dh0Im)
        {
            var work = new Work(steps, channels, ar, ai, null, null, h0Re.IsEmpty ? null : h0r, h0i, hr, hi, dhr, dhi,
                daRe.IsEmpty ? null : dar, dai, dbr, dbi, dh0Re.IsEmpty ? null : d0r, d0i);
            ChannelBlocks.Run(ref work, steps, channels);
        }
    }

    /// <summary>h = a·p + b (conj: conj(a)·p + b) over one row, p = null meaning zero.</summary>
    static unsafe void MultiplyAdd(int n, float* aRe, float* aIm, bool conj, float* pRe, float* pIm, float* bRe, float* bIm, float* hRe, float* hIm)
    {
        if (pRe is null)
        {
            new Span<float>(bRe, n).CopyTo(new Span<float>(hRe, n));
            new Span<float>(bIm, n).CopyTo(new Span<float>(hIm, n));
            return;
        }
        float s = conj ? -1f : 1f;
        int i = 0, w = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<float>(s);
            for (; i <= n - w; i += w)
            {
                var ar = Vector.Load(aRe + i); var ai = Vector.Load(aIm + i) * vs;
                var pr = Vector.Load(pRe + i); var pi = Vector.Load(pIm + i);
                Vector.Store(ar * pr - ai * pi + Vector.Load(bRe + i), hRe + i);
                Vector.Store(ar * pi + ai * pr + Vector.Load(bIm + i), hIm + i);
            }
        }
        for (; i < n; i++)
        {
            float ar = aRe[i], ai = s * aIm[i], pr = pRe[i], pi = pIm[i];
            hRe[i] = ar * pr - ai * pi + bRe[i];
            hIm[i] = ar * pi + ai * pr + bIm[i];
        }
    }

    /// <summary>d = g·conj(p) over one row, p = null meaning zero.</summary>
    static unsafe void MultiplyConjugate(int n, float* gRe, float* gIm, float* pRe, float* pIm, float* dRe, float* dIm)
    {
        if (pRe is null) { new Span<float>(dRe, n).Clear(); new Span<float>(dIm, n).Clear(); return; }
        int i = 0, w = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
            for (; i <= n - w; i += w)
            {
                var gr = Vector.Load(gRe + i); var gi = Vector.Load(gIm + i);
                var pr = Vector.Load(pRe + i); var pi = Vector.Load(pIm + i);
                Vector.Store(gr * pr + gi * pi, dRe + i);
                Vector.Store(gi * pr - gr * pi, dIm + i);
            }
        for (; i < n; i++)
        {
            float gr = gRe[i], gi = gIm[i], pr = pRe[i], pi = pIm[i];
            dRe[i] = gr * pr + gi * pi;
            dIm[i] = gi * pr - gr * pi;
        }
    }

    unsafe readonly struct Work(int T, int N, float* aRe, float* aIm, float* bRe, float* bIm, float* h0Re, float* h0Im, float* hRe, float* hIm,
        float* dhRe, float* dhIm, float* daRe, float* daIm, float* dbRe, float* dbIm, float* dh0Re, float* dh0Im) : IChannelWork
    {
        public void Execute(int from, int width)
        {
            long o = from;
            if (dhRe is null)
            {
                for (int t = 0; t < T; t++, o += N)
                {
                    bool first = t == 0;
                    float* pr = first ? (h0Re is null ? null : h0Re + from) : hRe + o - N, pi = first ? h0Im + from : hIm + o - N;
                    MultiplyAdd(width, aRe + o, aIm + o, false, pr, pi, bRe + o, bIm + o, hRe + o, hIm + o);
                }
                return;
            }
            o = (long)(T - 1) * N + from;
            for (int t = T - 1; t >= 0; t--, o -= N)
            {
                bool last = t == T - 1;
                MultiplyAdd(width, aRe + o + N, aIm + o + N, true, last ? null : dbRe + o + N, dbIm + o + N, dhRe + o, dhIm + o, dbRe + o, dbIm + o);
                if (daRe is null) continue;
                bool first = t == 0;
                float* pr = first ? (h0Re is null ? null : h0Re + from) : hRe + o - N, pi = first ? h0Im + from : hIm + o - N;
                MultiplyConjugate(width, dbRe + o, dbIm + o, pr, pi, daRe + o, daIm + o);
            }
            if (dh0Re is not null && T > 0)
            {
                // conj(a_0)·g_0 is the same multiply–add with a zero addend; dh0 itself is zeroed first to serve as it.
                new Span<float>(dh0Re + from, width).Clear(); new Span<float>(dh0Im + from, width).Clear();
                MultiplyAdd(width, aRe + from, aIm + from, true, dbRe + from, dbIm + from, dh0Re + from, dh0Im + from, dh0Re + from, dh0Im + from);
            }
        }
    }
}
