namespace Recur.Kernels.Scan;

/// <summary>
/// Scalar references for the scans, one element at a time in double: the linear recurrence h_t = a_t h_{t−1} + b_t,
/// its complex form, and the log-space form in Heinsen's (2023) closed form, log h_t = a*_t + logcumsumexp_{s≤t}(log b_s − a*_s)
/// with a*_t = Σ_{s≤t} log a_s (log h0 enters as the term s = −1 with a* = 0).
/// </summary>
public static class LinearScanReference
{
    public static void Forward(int steps, int channels, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> h0, Span<float> h)
    {
        for (int n = 0; n < channels; n++)
        {
            double prev = h0.IsEmpty ? 0 : h0[n];
            for (int t = 0; t < steps; t++)
            {
                int i = t * channels + n;
                prev = a[i] * prev + b[i];
                h[i] = (float)prev;
            }
        }
    }

    public static void Backward(int steps, int channels, ReadOnlySpan<float> a, ReadOnlySpan<float> h0, ReadOnlySpan<float> h,
        ReadOnlySpan<float> dh, Span<float> da, Span<float> db, Span<float> dh0)
    {
        for (int n = 0; n < channels; n++)
        {
            double g = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int i = t * channels + n;
                g = dh[i] + (t + 1 < steps ? a[i + channels] * g : 0);
                db[i] = (float)g;
                double hPrev = t > 0 ? h[i - channels] : h0.IsEmpty ? 0 : h0[n];
                if (!da.IsEmpty) da[i] = (float)(g * hPrev);
            }
            if (!dh0.IsEmpty && steps > 0) dh0[n] = (float)(a[n] * g);
        }
    }

    public static void ComplexForward(int steps, int channels, ReadOnlySpan<float> aRe, ReadOnlySpan<float> aIm, ReadOnlySpan<float> bRe,
        ReadOnlySpan<float> bIm, ReadOnlySpan<float> h0Re, ReadOnlySpan<float> h0Im, Span<float> hRe, Span<float> hIm)
    {
        for (int n = 0; n < channels; n++)
        {
            double re = h0Re.IsEmpty ? 0 : h0Re[n], im = h0Im.IsEmpty ? 0 : h0Im[n];
            for (int t = 0; t < steps; t++)
            {
                int i = t * channels + n;
                (re, im) = (aRe[i] * re - aIm[i] * im + bRe[i], aRe[i] * im + aIm[i] * re + bIm[i]);
                hRe[i] = (float)re; hIm[i] = (float)im;
            }
        }
    }

    public static void LogForward(int steps, int channels, ReadOnlySpan<float> logA, ReadOnlySpan<float> logB, ReadOnlySpan<float> logH0, Span<float> logH)
    {
        var terms = new double[steps + 1];
        for (int n = 0; n < channels; n++)
        {
            double aStar = 0;
            terms[0] = logH0.IsEmpty ? double.NegativeInfinity : logH0[n];
            for (int t = 0; t < steps; t++)
            {
                int i = t * channels + n;
                aStar += logA[i];
                terms[t + 1] = logB[i] - aStar;
                double max = double.NegativeInfinity;
                for (int s = 0; s <= t + 1; s++) max = Math.Max(max, terms[s]);
                double sum = 0;
                for (int s = 0; s <= t + 1; s++) sum += Math.Exp(terms[s] - max);
                logH[i] = (float)(aStar + max + Math.Log(sum));
            }
        }
    }
}
