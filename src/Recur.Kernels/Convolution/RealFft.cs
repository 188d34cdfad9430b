using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels.Convolution;

/// <summary>
/// A plan for the discrete Fourier transform of n real samples (n a power of two, at least 4), X_k = Σ_j x_j e^{−2πijk/n}
/// for k = 0..n/2: the n real samples are packed as n/2 complex ones z_j = x_{2j} + i·x_{2j+1}, transformed by an
/// iterative radix-2 decimation-in-time FFT of size m = n/2, and unpacked with X_k = E_k + W^k·O_k, W = e^{−2πi/n},
/// where E_k = (Z_k + conj Z_{m−k})/2 and O_k = (Z_k − conj Z_{m−k})/2i are the spectra of the even and odd samples.
/// Complex values are held split (real parts, imaginary parts) so that butterflies vectorise without shuffles.
/// Twiddles are computed in double and stored per stage, contiguous, once per plan. Thread-safe: a plan is read-only;
/// callers pass their own scratch.
/// </summary>
public sealed class RealFft
{
    readonly int m;
    readonly int[] bitReverse;
    readonly float[] twiddleRe, twiddleIm;   // stage with half-size h: entries [h − 1, 2h − 1), e^{−2πij/2h}
    readonly float[] unpackRe, unpackIm;     // W^k, k = 0..m

    public RealFft(int length)
    {
        if (length < 4 || (length & (length - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, "RealFft needs a power of two of at least 4.");
        Length = length;
        m = length / 2;
        int bits = System.Numerics.BitOperations.Log2((uint)m);
        bitReverse = new int[m];
        for (int i = 0; i < m; i++) bitReverse[i] = bits == 0 ? 0 : (int)(ReverseBits((uint)i) >> (32 - bits));
        twiddleRe = new float[Math.Max(m - 1, 1)];
        twiddleIm = new float[Math.Max(m - 1, 1)];
        for (int h = 1; h < m; h *= 2)
            for (int j = 0; j < h; j++)
            {
                double angle = -Math.PI * j / h;
                twiddleRe[h - 1 + j] = (float)Math.Cos(angle);
                twiddleIm[h - 1 + j] = (float)Math.Sin(angle);
            }
        unpackRe = new float[m + 1];
        unpackIm = new float[m + 1];
        for (int k = 0; k <= m; k++)
        {
            double angle = -2 * Math.PI * k / length;
            unpackRe[k] = (float)Math.Cos(angle);
            unpackIm[k] = (float)Math.Sin(angle);
        }
    }

    /// <summary>n, the transform length.</summary>
    public int Length { get; }

    /// <summary>n/2 + 1, the number of spectrum bins.</summary>
    public int Bins => m + 1;

    /// <summary>Floats of scratch each of the two work spans needs (n/2).</summary>
    public int WorkLength => m;

    /// <summary>The smallest plan length, a power of two of at least 4, that holds <paramref name="minimum"/> samples.</summary>
    public static int LengthFor(int minimum) => minimum <= 4 ? 4 : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)minimum);

    /// <summary>
    /// The spectrum (<see cref="Bins"/> bins, split into <paramref name="re"/> and <paramref name="im"/>) of
    /// <paramref name="x"/> zero-padded to n samples.
    /// </summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> re, Span<float> im, Span<float> workRe, Span<float> workIm)
    {
        if (x.Length > Length || re.Length < Bins || im.Length < Bins || workRe.Length < m || workIm.Length < m)
            throw new ArgumentException($"RealFft.Forward: at most {Length} samples, {Bins} bins and {m} work cells expected; got {x.Length}, {re.Length}/{im.Length} and {workRe.Length}/{workIm.Length}.");
        // Pack into bit-reversed order directly; samples past x are zeros.
        for (int j = 0; j < m; j++)
        {
            int s = 2 * j, r = bitReverse[j];
            workRe[r] = s < x.Length ? x[s] : 0f;
            workIm[r] = s + 1 < x.Length ? x[s + 1] : 0f;
        }
        Butterflies(workRe, workIm, inverse: false);
        for (int k = 0; k <= m; k++)
        {
            int a = k == m ? 0 : k, b = k == 0 ? 0 : m - k;
            float zr = workRe[a], zi = workIm[a], cr = workRe[b], ci = -workIm[b];
            float er = 0.5f * (zr + cr), ei = 0.5f * (zi + ci);
            // O_k = (Z_k − conj Z_{m−k}) / 2i
            float dr = zr - cr, di = zi - ci;
            float oRe = 0.5f * di, oIm = -0.5f * dr;
            float wr = unpackRe[k], wi = unpackIm[k];
            re[k] = er + wr * oRe - wi * oIm;
            im[k] = ei + wr * oIm + wi * oRe;
        }
    }

    /// <summary>
    /// The first <paramref name="x"/>.Length (at most n) samples of the inverse transform, (1/n)·Σ_k X_k e^{2πijk/n},
    /// of the Hermitian spectrum given by its <see cref="Bins"/> bins.
    /// </summary>
    public void Inverse(ReadOnlySpan<float> re, ReadOnlySpan<float> im, Span<float> x, Span<float> workRe, Span<float> workIm)
    {
        if (x.Length > Length || re.Length < Bins || im.Length < Bins || workRe.Length < m || workIm.Length < m)
            throw new ArgumentException($"RealFft.Inverse: at most {Length} samples, {Bins} bins and {m} work cells expected; got {x.Length}, {re.Length}/{im.Length} and {workRe.Length}/{workIm.Length}.");
        float scale = 1f / m;
        for (int k = 0; k < m; k++)
        {
            float xr = re[k], xi = im[k], cr = re[m - k], ci = -im[m - k];
            float er = 0.5f * (xr + cr), ei = 0.5f * (xi + ci);
            // O_k = (X_k − conj X_{m−k}) / (2 W^k); 1/W^k = conj W^k.
            float dr = 0.5f * (xr - cr), di = 0.5f * (xi - ci);
            float wr = unpackRe[k], wi = -unpackIm[k];
            float oRe = dr * wr - di * wi, oIm = dr * wi + di * wr;
            int r = bitReverse[k];
            // Z_k = E_k + i·O_k
            workRe[r] = (er - oIm) * scale;
            workIm[r] = (ei + oRe) * scale;
        }
        Butterflies(workRe, workIm, inverse: true);
        for (int j = 0; j < m; j++)
        {
            int s = 2 * j;
            if (s < x.Length) x[s] = workRe[j];
            if (s + 1 < x.Length) x[s + 1] = workIm[j];
        }
    }

    /// <summary>In-place iterative radix-2 FFT of bit-reversed input; the inverse conjugates the twiddles (no scaling).</summary>
    void Butterflies(Span<float> re, Span<float> im, bool inverse)
    {
        float sign = inverse ? -1f : 1f;
        // The first two stages have twiddles 1 and ∓i: done in one sweep without multiplications.
        if (m >= 2)
            for (int s = 0; s < m; s += 2)
            {
                float ar = re[s], ai = im[s], br = re[s + 1], bi = im[s + 1];
                re[s] = ar + br; im[s] = ai + bi; re[s + 1] = ar - br; im[s + 1] = ai - bi;
            }
        if (m >= 4)
            for (int s = 0; s < m; s += 4)
            {
                float ar = re[s], ai = im[s], br = re[s + 2], bi = im[s + 2];
                re[s] = ar + br; im[s] = ai + bi; re[s + 2] = ar - br; im[s + 2] = ai - bi;
                // w = e^{∓iπ/2} = ∓i: w·b = (±b_im, ∓b_re)
                float tr = sign * im[s + 3], ti = -sign * re[s + 3];
                ar = re[s + 1]; ai = im[s + 1];
                re[s + 1] = ar + tr; im[s + 1] = ai + ti; re[s + 3] = ar - tr; im[s + 3] = ai - ti;
            }
        for (int h = 4; h < m; h *= 2)
        {
            var wRe = twiddleRe.AsSpan(h - 1, h);
            var wIm = twiddleIm.AsSpan(h - 1, h);
            for (int start = 0; start < m; start += 2 * h)
            {
                var aRe = re.Slice(start, h); var aIm = im.Slice(start, h);
                var bRe = re.Slice(start + h, h); var bIm = im.Slice(start + h, h);
                int j = 0;
                if (Vector256.IsHardwareAccelerated && h >= Vector256<float>.Count)
                {
                    var s = Vector256.Create(sign);
                    for (; j < h; j += Vector256<float>.Count)
                    {
                        var wr = Vector256.Create(wRe.Slice(j)); var wi = Vector256.Create(wIm.Slice(j)) * s;
                        var br = Vector256.Create(bRe.Slice(j)); var bi = Vector256.Create(bIm.Slice(j));
                        var tr = wr * br - wi * bi; var ti = wr * bi + wi * br;
                        var ar = Vector256.Create(aRe.Slice(j)); var ai = Vector256.Create(aIm.Slice(j));
                        (ar - tr).CopyTo(bRe.Slice(j)); (ai - ti).CopyTo(bIm.Slice(j));
                        (ar + tr).CopyTo(aRe.Slice(j)); (ai + ti).CopyTo(aIm.Slice(j));
                    }
                }
                for (; j < h; j++)
                {
                    float wr = wRe[j], wi = sign * wIm[j];
                    float tr = wr * bRe[j] - wi * bIm[j], ti = wr * bIm[j] + wi * bRe[j];
                    float ar = aRe[j], ai = aIm[j];
                    bRe[j] = ar - tr; bIm[j] = ai - ti;
                    aRe[j] = ar + tr; aIm[j] = ai + ti;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
