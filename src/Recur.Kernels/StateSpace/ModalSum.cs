using System.Runtime.Intrinsics;

namespace Recur.Kernels.StateSpace;

/// <summary>
/// Sums over the modes of a diagonal linear state-space model (S4D, Gu et al. 2022, eq. 5–6): the generating sum
/// y_l = 2·Re(Σ_n w_n·p_n^l), l = 0..L−1 (the convolution kernel when w = C·dB and p = dA; the factor 2 counts the
/// conjugate pair of each mode), and its adjoint sums G_n = Σ_l g_l·p_n^l and G'_n = Σ_l l·g_l·p_n^l, which carry
/// gradients back to w and to log p. Complex numbers are interleaved doubles (re, im); a pole has |p| &lt; 1 in use.
/// <para>
/// Powers come from repeated multiplication in double, four lanes at l, l+1, l+2, l+3 (and a second vector at l+4..l+7)
/// advanced by p^8: after 10⁴ steps the relative error is still near 1e-12, where float would have drifted by 1e-4.
/// Rows are independent (a channel, or a batch row of a channel) and run in parallel; row r uses pole row r mod P.
/// </para>
/// </summary>
public static class ModalSum
{
    /// <summary>
    /// destination (R, L) = 2·Re(Σ_n w[r,n]·p[r mod P, n]^l) for weights (R, N, 2) and poles (P, N, 2).
    /// </summary>
    public static unsafe void Generate(ReadOnlySpan<double> weights, ReadOnlySpan<double> poles, int modes, int length, Span<float> destination)
    {
        int rows = Rows(weights.Length, poles.Length, modes, "weights");
        if (destination.Length != (long)rows * length) throw new ArgumentException($"ModalSum.Generate: destination must hold {rows}·{length} values, got {destination.Length}.");
        fixed (double* w = weights, p = poles)
        fixed (float* d = destination)
        {
            var work = new Work(w, p, d, null, null, poles.Length / (2 * Math.Max(modes, 1)), modes, length, generate: true);
            Run(ref work, rows, modes, length);
        }
    }

    /// <summary>
    /// sums (R, N, 2) = Σ_l g[r,l]·p[r mod P, n]^l and, unless empty, weightedSums (R, N, 2) = Σ_l l·g[r,l]·p^l.
    /// </summary>
    public static unsafe void Correlate(ReadOnlySpan<float> g, ReadOnlySpan<double> poles, int modes, int length, Span<double> sums, Span<double> weightedSums)
    {
        int rows = Rows(sums.Length, poles.Length, modes, "sums");
        if (g.Length != (long)rows * length) throw new ArgumentException($"ModalSum.Correlate: g must hold {rows}·{length} values, got {g.Length}.");
        if (!weightedSums.IsEmpty && weightedSums.Length != sums.Length) throw new ArgumentException($"ModalSum.Correlate: weightedSums must match sums ({sums.Length}), got {weightedSums.Length}.");
        fixed (float* pg = g)
        fixed (double* p = poles, s = sums, ws = weightedSums)
        {
            var work = new Work(null, p, pg, s, weightedSums.IsEmpty ? null : ws, poles.Length / (2 * Math.Max(modes, 1)), modes, length, generate: false);
            Run(ref work, rows, modes, length);
        }
    }

    static int Rows(int perRow, int poles, int modes, string name)
    {
        if (modes <= 0 || perRow % (2 * modes) != 0 || poles % (2 * modes) != 0 || poles == 0)
            throw new ArgumentException($"ModalSum: {name} and poles must hold whole rows of {modes} complex values; got {perRow} and {poles} doubles.");
        return perRow / (2 * modes);
    }

    static void Run(ref Work work, int rows, int modes, int length)
    {
        if (Parallelism.MaxThreads >= 2 && rows >= 2 && (long)rows * modes * length >= 1 << 15) WorkerTeam.Run(ref work, rows);
        else for (int r = 0; r < rows; r++) work.Execute(r);
    }

    unsafe readonly struct Work(double* weights, double* poles, float* signal, double* sums, double* weighted, int poleRows, int modes, int length, bool generate) : IParallelWork
    {
        public void Execute(int r)
        {
            var p = new ReadOnlySpan<double>(poles + 2L * (r % poleRows) * modes, 2 * modes);
            var row = new Span<float>(signal + (long)r * length, length);
            if (generate)
            {
                row.Clear();
                var w = new ReadOnlySpan<double>(weights + 2L * r * modes, 2 * modes);
                for (int n = 0; n < modes; n++) GenerateMode(w[2 * n], w[2 * n + 1], p[2 * n], p[2 * n + 1], row);
            }
            else
            {
                var s = new Span<double>(sums + 2L * r * modes, 2 * modes);
                for (int n = 0; n < modes; n++)
                {
                    var (re, im, wre, wim) = CorrelateMode(row, p[2 * n], p[2 * n + 1], weighted != null);
                    s[2 * n] = re; s[2 * n + 1] = im;
                    if (weighted != null) { weighted[2L * r * modes + 2 * n] = wre; weighted[2L * r * modes + 2 * n + 1] = wim; }
                }
            }
        }
    }

    /// <summary>Lanes p^0..p^3 and p^4..p^7, and the step p^8.</summary>
    static (Vector256<double> ARe, Vector256<double> AIm, Vector256<double> BRe, Vector256<double> BIm, double StepRe, double StepIm) Lanes(double pr, double pi)
    {
        Span<double> re = stackalloc double[9], im = stackalloc double[9];
        re[0] = 1; im[0] = 0;
        for (int i = 1; i <= 8; i++) { re[i] = re[i - 1] * pr - im[i - 1] * pi; im[i] = re[i - 1] * pi + im[i - 1] * pr; }
        return (Vector256.Create(re[..4]), Vector256.Create(im[..4]), Vector256.Create(re[4..8]), Vector256.Create(im[4..8]), re[8], im[8]);
    }

    static void GenerateMode(double wr, double wi, double pr, double pi, Span<float> destination)
    {
        var (aRe, aIm, bRe, bIm, sr, si) = Lanes(pr, pi);
        // 2·Re(w·p^l) = 2wr·Re(p^l) − 2wi·Im(p^l)
        var twr = Vector256.Create(2 * wr); var twi = Vector256.Create(2 * wi);
        var stepRe = Vector256.Create(sr); var stepIm = Vector256.Create(si);
        int l = 0, length = destination.Length;
        for (; l + 8 <= length; l += 8)
        {
            var values = Vector256.Narrow(twr * aRe - twi * aIm, twr * bRe - twi * bIm);
            var target = destination.Slice(l, 8);
            (Vector256.Create((ReadOnlySpan<float>)target) + values).CopyTo(target);
            (aRe, aIm) = (aRe * stepRe - aIm * stepIm, aRe * stepIm + aIm * stepRe);
            (bRe, bIm) = (bRe * stepRe - bIm * stepIm, bRe * stepIm + bIm * stepRe);
        }
        double qr = aRe.GetElement(0), qi = aIm.GetElement(0);
        for (; l < length; l++)
        {
            destination[l] += (float)(2 * (wr * qr - wi * qi));
            (qr, qi) = (qr * pr - qi * pi, qr * pi + qi * pr);
        }
    }

    static (double Re, double Im, double WRe, double WIm) CorrelateMode(ReadOnlySpan<float> g, double pr, double pi, bool weightedToo)
    {
        var (aRe, aIm, bRe, bIm, sr, si) = Lanes(pr, pi);
        var stepRe = Vector256.Create(sr); var stepIm = Vector256.Create(si);
        var sumRe = Vector256<double>.Zero; var sumIm = Vector256<double>.Zero;
        var wRe = Vector256<double>.Zero; var wIm = Vector256<double>.Zero;
        var la = Vector256.Create(0.0, 1, 2, 3); var lb = Vector256.Create(4.0, 5, 6, 7); var eight = Vector256.Create(8.0);
        int l = 0, length = g.Length;
        for (; l + 8 <= length; l += 8)
        {
            var (ga, gb) = Vector256.Widen(Vector256.Create(g.Slice(l, 8)));
            sumRe += ga * aRe + gb * bRe;
            sumIm += ga * aIm + gb * bIm;
            if (weightedToo)
            {
                var lga = la * ga; var lgb = lb * gb;
                wRe += lga * aRe + lgb * bRe;
                wIm += lga * aIm + lgb * bIm;
                la += eight; lb += eight;
            }
            (aRe, aIm) = (aRe * stepRe - aIm * stepIm, aRe * stepIm + aIm * stepRe);
            (bRe, bIm) = (bRe * stepRe - bIm * stepIm, bRe * stepIm + bIm * stepRe);
        }
        double re = Vector256.Sum(sumRe), im = Vector256.Sum(sumIm), wre = Vector256.Sum(wRe), wim = Vector256.Sum(wIm);
        double qr = aRe.GetElement(0), qi = aIm.GetElement(0);
        for (; l < length; l++)
        {
            re += g[l] * qr; im += g[l] * qi;
            wre += (double)l * g[l] * qr; wim += (double)l * g[l] * qi;
            (qr, qi) = (qr * pr - qi * pi, qr * pi + qi * pr);
        }
        return (re, im, wre, wim);
    }
}
