namespace Recur.Kernels.Ctc;

/// <summary>
/// Scalar reference for <see cref="CtcKernel"/>: Graves et al. (2006) eq. 6–11 one cell at a time, in double, with
/// −∞ for log 0, every s of every frame, and the gradient summed per class in log space as PyTorch's CPU
/// ctc_loss_backward does, so an infinite loss gives NaN from −∞ + ∞ without a special case.
/// </summary>
public static class CtcReference
{
    public static void Loss(CtcProblem p, ReadOnlySpan<float> logProbs, Span<double> nll)
    {
        for (int n = 0; n < p.Batch; n++)
        {
            var alpha = Alpha(p, logProbs, n);
            int T = p.InputLength(n), L = p.ExtendedLength(n);
            nll[n] = T == 0 ? (L == 1 ? 0 : double.PositiveInfinity)
                : -LogSpaceMath.LogAdd(alpha[T - 1, L - 1], L > 1 ? alpha[T - 1, L - 2] : double.NegativeInfinity);
        }
    }

    /// <summary>Adds into <paramref name="grad"/> (T, N, C) the gradient of Σ_n scale_n·nll_n as <see cref="CtcKernel.Backward"/> defines it.</summary>
    public static void Gradient(CtcProblem p, ReadOnlySpan<float> logProbs, ReadOnlySpan<double> scale, bool zeroInfinity, Span<float> grad)
    {
        var nll = new double[p.Batch];
        Loss(p, logProbs, nll);
        int N = p.Batch, C = p.Classes;
        for (int n = 0; n < N; n++)
        {
            if (zeroInfinity && double.IsPositiveInfinity(nll[n])) continue;
            int T = p.InputLength(n), L = p.ExtendedLength(n);
            var alpha = Alpha(p, logProbs, n);
            var beta = Beta(p, logProbs, n);
            for (int t = 0; t < T; t++)
            {
                var logSum = new double[C];
                Array.Fill(logSum, double.NegativeInfinity);
                for (int s = 0; s < L; s++)
                {
                    int c = Extended(p, n, s);
                    logSum[c] = LogSpaceMath.LogAdd(logSum[c], alpha[t, s] + beta[t, s]);
                }
                for (int c = 0; c < C; c++)
                {
                    double lp = logProbs[(t * N + n) * C + c];
                    grad[(t * N + n) * C + c] += (float)(scale[n] * (Math.Exp(lp) - Math.Exp(logSum[c] + nll[n] - lp)));
                }
            }
        }
    }

    static int Extended(CtcProblem p, int n, int s) => s % 2 == 0 ? p.Blank : p.Labels(n)[s / 2];

    static double Y(CtcProblem p, ReadOnlySpan<float> logProbs, int n, int t, int s) =>
        logProbs[(t * p.Batch + n) * p.Classes + Extended(p, n, s)];

    static bool CanSkip(CtcProblem p, int n, int s) => s >= 2 && s % 2 == 1 && Extended(p, n, s) != Extended(p, n, s - 2);

    static double[,] Alpha(CtcProblem p, ReadOnlySpan<float> logProbs, int n)
    {
        int T = p.InputLength(n), L = p.ExtendedLength(n);
        var a = new double[T, L];
        for (int t = 0; t < T; t++)
            for (int s = 0; s < L; s++)
            {
                double sum;
                if (t == 0) sum = s <= 1 ? 0 : double.NegativeInfinity;
                else
                {
                    sum = a[t - 1, s];
                    if (s >= 1) sum = LogSpaceMath.LogAdd(sum, a[t - 1, s - 1]);
                    if (CanSkip(p, n, s)) sum = LogSpaceMath.LogAdd(sum, a[t - 1, s - 2]);
                }
                a[t, s] = sum + Y(p, logProbs, n, t, s);
            }
        return a;
    }

    static double[,] Beta(CtcProblem p, ReadOnlySpan<float> logProbs, int n)
    {
        int T = p.InputLength(n), L = p.ExtendedLength(n);
        var b = new double[T, L];
        for (int t = T - 1; t >= 0; t--)
            for (int s = 0; s < L; s++)
            {
                double sum;
                if (t == T - 1) sum = s >= L - 2 ? 0 : double.NegativeInfinity;
                else
                {
                    sum = b[t + 1, s];
                    if (s + 1 < L) sum = LogSpaceMath.LogAdd(sum, b[t + 1, s + 1]);
                    if (s + 2 < L && CanSkip(p, n, s + 2)) sum = LogSpaceMath.LogAdd(sum, b[t + 1, s + 2]);
                }
                b[t, s] = sum + Y(p, logProbs, n, t, s);
            }
        return b;
    }
}
